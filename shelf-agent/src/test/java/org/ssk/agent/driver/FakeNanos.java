package org.ssk.agent.driver;

/**
 * A {@link Ticker} whose time moves only when a pause, a fake chip or a test moves it: pulse widths,
 * timeouts and chip delays are exact and instant in tests, whatever the machine's load.
 */
final class FakeNanos implements Ticker {
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void pause(long nanos) {
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
