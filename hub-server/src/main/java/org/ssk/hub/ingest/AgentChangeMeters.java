package org.ssk.hub.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.ssk.protocol.Telemetry;

/**
 * Per shelf, the whole-item change counts of the agent's last heartbeat ({@link Telemetry.Changes})
 * on {@code /metrics}: {@code ssk_shelf_agent_changes_total{shelf,unseen}} (counted with a hand seen
 * and without one; the agent keeps them in its data dir across restarts, so they go on after one;
 * they restart from 0 only with a new outbox, a re-imaged Pi, or an agent older than that, which
 * Prometheus' rate() takes as a counter reset) and {@code ssk_shelf_agent_unseen_share{shelf}} (0..1). A proximity
 * sensor misses 8-30 % of reaches; a share far above that is a failing, blocked or misplaced sensor.
 * Unlike {@code ssk_shelf_changes_total}, counted from the events the ledger stored, these come from
 * the agent itself, so they are current while its events still wait in its outbox.
 *
 * <p>Written on the ingest event loop, read by scrapes: thread-safe. A heartbeat without counts
 * (an agent older than the field) leaves the shelf's figures as they were.
 */
final class AgentChangeMeters {
    private final MeterRegistry meters;
    private final Map<String, AtomicReference<Telemetry.Changes>> byShelf = new ConcurrentHashMap<>();

    AgentChangeMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(Telemetry t) {
        if (t.changes() == null) {
            return;
        }
        // The map keeps each reference strongly: meters hold their object only weakly.
        byShelf.computeIfAbsent(t.shelf(), this::register).set(t.changes());
    }

    private AtomicReference<Telemetry.Changes> register(String shelf) {
        AtomicReference<Telemetry.Changes> last = new AtomicReference<>(new Telemetry.Changes(0, 0));
        FunctionCounter.builder("ssk_shelf_agent_changes", last, r -> r.get().counted() - r.get().unseen())
                .description("whole-item changes the shelf's agent counted (kept across its restarts), by whether its"
                        + " proximity sensor saw a hand")
                .tag("shelf", shelf).tag("unseen", "false").register(meters);
        FunctionCounter.builder("ssk_shelf_agent_changes", last, r -> r.get().unseen())
                .description("whole-item changes the shelf's agent counted (kept across its restarts), by whether its"
                        + " proximity sensor saw a hand")
                .tag("shelf", shelf).tag("unseen", "true").register(meters);
        Gauge.builder("ssk_shelf_agent_unseen_share", last, r -> r.get().unseenShare())
                .description("share of the shelf's whole-item changes no hand was seen for (kept across its agent's restarts)")
                .tag("shelf", shelf).register(meters);
        return last;
    }
}
