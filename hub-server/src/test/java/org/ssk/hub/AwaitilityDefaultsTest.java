package org.ssk.hub;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link AwaitilityDefaults} is in force in this test JVM (JUnit found it through auto-detection). */
class AwaitilityDefaultsTest {
    @Test
    void anExceptionLeftUncaughtInAnotherThreadDoesNotFailAnAwait() {
        Thread other = new Thread(() -> {
            throw new IllegalStateException("left uncaught on purpose by AwaitilityDefaultsTest");
        }, "uncaught-on-purpose");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (other.getState() == Thread.State.NEW) {
                other.start();
            }
            return other.getState() == Thread.State.TERMINATED;
        });
    }
}
