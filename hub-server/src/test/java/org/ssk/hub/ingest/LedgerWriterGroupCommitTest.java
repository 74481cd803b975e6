package org.ssk.hub.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

class LedgerWriterGroupCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Vertx vertx;

    /** Keeps events by id; records each write's size; the first write waits for {@link #release}. */
    static final class GatedLedger implements EventAppender {
        final Map<String, ShelfEvent> events = new ConcurrentHashMap<>();
        final List<Integer> writes = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile String poison;

        @Override
        public boolean append(ShelfEvent e) {
            if (e.id().equals(poison)) {
                throw new IllegalStateException("disk full");
            }
            return events.putIfAbsent(e.id(), e) == null;
        }

        @Override
        public List<Boolean> appendAll(List<ShelfEvent> batch) throws Exception {
            writes.add(batch.size());
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            // A batch holding the bad event fails as a whole; that event written alone (the writer's
            // one-by-one retry) fails with its own cause, as a real store's single write would.
            if (batch.size() > 1 && batch.stream().anyMatch(e -> e.id().equals(poison))) {
                throw new IllegalStateException("batch refused");
            }
            List<Boolean> fresh = new ArrayList<>();
            for (ShelfEvent e : batch) {
                fresh.add(append(e));
            }
            return fresh;
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        LedgerWriterVerticle.registerCodecs(vertx.eventBus());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void deploy(EventAppender ledger) throws Exception {
        vertx.deployVerticle(new LedgerWriterVerticle(ledger),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Pick pick(int seq) {
        return new Pick("S1", "e", seq, 1_000, "1", "rice", 1, 500);
    }

    /** One request of one event: its outcome, or a failed future with the reply's failure. */
    private Future<Boolean> append(int seq) {
        return appendAll(seq).map(a -> {
            if (!a.complete()) {
                throw new IllegalStateException(a.failure());
            }
            return a.fresh().get(0);
        });
    }

    /** One request carrying several events, as one MQTT message of an agent's backlog does. */
    private Future<LedgerWriterVerticle.Appended> appendAll(int... seqs) {
        return LedgerWriterVerticle.append(vertx.eventBus(),
                java.util.Arrays.stream(seqs).mapToObj(LedgerWriterGroupCommitTest::pick).map(ShelfEvent.class::cast)
                        .toList(), -1).map(m -> m.body());
    }

    @Test
    void requestsArrivingDuringAWriteAreStoredTogetherInTheNextAndEachIsAnsweredAfterItsWrite() throws Exception {
        GatedLedger ledger = new GatedLedger();
        deploy(ledger);
        Future<Boolean> first = append(1);
        await().atMost(WAIT).until(() -> ledger.writes.size() == 1);
        List<Future<Boolean>> later = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            later.add(append(i));
        }
        // Nothing is answered while the first write has not returned.
        assertTrue(!first.isComplete() && later.stream().noneMatch(Future::isComplete));
        ledger.release.countDown();
        await().atMost(WAIT).until(() -> first.isComplete() && later.stream().allMatch(Future::isComplete));
        assertEquals(List.of(1, 5), ledger.writes);
        assertTrue(first.result() && later.stream().allMatch(Future::result));
        assertEquals(6, ledger.events.size());
    }

    @Test
    void aDuplicateIsAnsweredFalseAndStoredOnce() throws Exception {
        GatedLedger ledger = new GatedLedger();
        ledger.release.countDown();
        deploy(ledger);
        assertEquals(true, append(7).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(false, append(7).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(1, ledger.events.size());
    }

    @Test
    void aFailedBatchIsRetriedOneByOneSoOnlyTheEventThatCannotBeStoredFails() throws Exception {
        GatedLedger ledger = new GatedLedger();
        ledger.poison = "S1/e/3";
        deploy(ledger);
        Future<Boolean> first = append(1);
        await().atMost(WAIT).until(() -> ledger.writes.size() == 1);
        List<Future<Boolean>> later = List.of(append(2), append(3), append(4));
        ledger.release.countDown();
        await().atMost(WAIT).until(() -> first.isComplete() && later.stream().allMatch(Future::isComplete));
        assertTrue(later.get(0).succeeded() && later.get(2).succeeded());
        assertTrue(later.get(1).failed());
        assertEquals("disk full", later.get(1).cause().getMessage());
        assertEquals(3, ledger.events.size());
    }

    @Test
    void aRequestOfSeveralEventsIsAnsweredPerEventAndBatchesCountEventsNotRequests() throws Exception {
        GatedLedger ledger = new GatedLedger();
        ledger.poison = "S1/e/102";
        deploy(ledger);
        Future<Boolean> first = append(1);
        await().atMost(WAIT).until(() -> ledger.writes.size() == 1);
        // Waiting: a request of 3 events (one that can never be stored) and 80 messages of 64.
        Future<LedgerWriterVerticle.Appended> mixed = appendAll(101, 102, 103);
        List<Future<LedgerWriterVerticle.Appended>> full = new ArrayList<>();
        for (int m = 0; m < 80; m++) {
            int base = 1000 + m * 64;
            full.add(appendAll(java.util.stream.IntStream.range(0, 64).map(i -> base + i).toArray()));
        }
        ledger.release.countDown();
        await().atMost(WAIT).until(() -> mixed.isComplete() && full.stream().allMatch(Future::isComplete));
        assertTrue(first.result());
        assertEquals(java.util.Arrays.asList(true, null, true), mixed.result().fresh());
        assertEquals("disk full", mixed.result().failure());
        assertTrue(full.stream().allMatch(f -> f.result().complete()
                && f.result().fresh().equals(java.util.Collections.nCopies(64, true))));
        // 3 + 80 x 64 = 5123 events waited (all stored but the poisoned one): written as whole
        // requests, at most MAX_BATCH events per write.
        assertEquals(1 + 2 + 80 * 64, ledger.events.size());
        List<Integer> after = ledger.writes.subList(1, ledger.writes.size());
        assertTrue(after.stream().allMatch(n -> n <= LedgerWriterVerticle.MAX_BATCH), after.toString());
        assertTrue(after.get(0) > LedgerWriterVerticle.MAX_BATCH - 64, after.toString());
    }
}
