package org.ssk.hub;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.Extension;

/**
 * Loaded once per test JVM before any test (JUnit extension auto-detection, listed in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}): Awaitility no longer fails
 * an await with an exception left uncaught in some other thread.
 *
 * <p>Why: by default each await installs a JVM-wide uncaught-exception handler and throws whatever
 * any thread leaves uncaught. Test classes run in parallel in one JVM, so a Vert.x worker of one
 * class's hub that was being closed ("RejectedExecutionException: event executor terminated")
 * failed an await in another class's test, which had nothing to do with it (seen in a loaded run
 * of the pipeline tests). Each test still asserts its own conditions; uncaught exceptions are
 * still printed by the JVM.
 */
public final class AwaitilityDefaults implements Extension {
    static {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }
}
