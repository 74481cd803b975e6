package org.ssk.agent.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Ticker} whose time moves only when a pause, a fake chip or a test moves it: pulse widths,
 * timeouts and chip delays are exact and instant in tests, whatever the machine's load. Fake chips
 * that change on their own over time (an ADC finishing a conversion) listen with {@link #onAdvance}.
 */
final class FakeNanos implements Ticker {
    private final List<Runnable> listeners = new ArrayList<>();
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void pause(long nanos) {
        advance(nanos);
    }

    void advance(long nanos) {
        now += nanos;
        listeners.forEach(Runnable::run);
    }

    void onAdvance(Runnable listener) {
        listeners.add(listener);
    }
}
