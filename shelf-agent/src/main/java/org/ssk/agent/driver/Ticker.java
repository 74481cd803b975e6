package org.ssk.agent.driver;

import java.util.concurrent.locks.LockSupport;

/**
 * The drivers' notion of time at the microsecond scale: reading a nanosecond clock and pausing.
 * Real drivers use {@link #SYSTEM}; tests pass a fake whose time moves only when told, so pulse
 * widths and chip delays are exact in tests whatever the machine's load.
 */
interface Ticker {
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(long nanos) {
            long end = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
    };

    long nanoTime();

    /** Waits at least {@code nanos}. */
    void pause(long nanos);
}
