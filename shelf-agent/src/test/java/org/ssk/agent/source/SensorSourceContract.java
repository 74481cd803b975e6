package org.ssk.agent.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ssk.agent.detect.Sample;

/**
 * What every {@link SensorSource} promises the run loop, checked against each implementation
 * (a hardware source can join with a subclass on Pi4J's mock plugin).
 */
abstract class SensorSourceContract {

    /** A source paced in real time, whose next sample is at least a few ms away most of the time. */
    abstract SensorSource pacedSource() throws Exception;

    @Test
    void samplesComeInTimeOrder() throws Exception {
        try (SensorSource s = pacedSource()) {
            long last = Long.MIN_VALUE;
            for (int i = 0; i < 20; i++) {
                Optional<Sample> x = s.next();
                if (x.isEmpty()) {
                    break;
                }
                assertTrue(x.get().tMs() >= last, "sample " + i + " went back in time");
                last = x.get().tMs();
            }
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedNextPromptly() throws Exception {
        SensorSource s = pacedSource();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                // Keep pulling, as the run loop does, until the source says it has ended.
                Optional<Sample> x;
                do {
                    x = s.next();
                } while (x.isPresent());
                ended.set(true);
            } catch (Exception e) {
                failed.set(e);
            }
        }, "contract-reader");
        reader.start();
        s.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.isAlive());
        assertEquals(null, failed.get());
        assertTrue(ended.get());
    }

    @Test
    void aClosedSourceStaysEndedAndClosingTwiceIsHarmless() throws Exception {
        SensorSource s = pacedSource();
        s.close();
        s.close();
        assertEquals(Optional.empty(), s.next());
        assertEquals(Optional.empty(), s.next());
    }
}
