package org.ssk.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

@ExtendWith(VertxExtension.class)
class LedgerWriterVerticleTest {

    @Test
    void appendsRunOnAWorkerThreadAndAnswerWhetherTheEventWasNew(Vertx vertx, VertxTestContext ctx) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        EventAppender appender = e -> {
            assertFalse(Thread.currentThread().getName().contains("eventloop"), Thread.currentThread().getName());
            return ids.add(e.id());
        };
        LedgerWriterVerticle.registerCodecs(vertx.eventBus());
        Pick pick = new Pick("S1", "e1", 1, 1L, "1", "dy-rice-2500", 1, 2500);
        vertx.deployVerticle(new LedgerWriterVerticle(appender),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .compose(id -> vertx.eventBus().<LedgerWriterVerticle.Appended>request(LedgerWriterVerticle.ADDRESS,
                        new LedgerWriterVerticle.Append(pick)))
                .compose(first -> {
                    ctx.verify(() -> assertEquals(List.of(true), first.body().fresh()));
                    return vertx.eventBus().<LedgerWriterVerticle.Appended>request(LedgerWriterVerticle.ADDRESS,
                            new LedgerWriterVerticle.Append(pick));
                })
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    assertEquals(List.of(false), second.body().fresh());
                    ctx.completeNow();
                })));
    }

    @Test
    void whileTheStoreCannotWriteRequestsAreHeldInOrderAndAnsweredOnceItCan(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger refusals = new AtomicInteger(3);
        List<String> order = new CopyOnWriteArrayList<>();
        EventAppender appender = new EventAppender() {
            @Override
            public boolean append(ShelfEvent e) throws Exception {
                return appendAll(List.of(e)).get(0);
            }

            @Override
            public List<Boolean> appendAll(List<ShelfEvent> events)
                    throws Exception {
                if (refusals.getAndDecrement() > 0) {
                    throw new StoreUnavailableException("disk full", null);
                }
                events.forEach(e -> order.add(e.id()));
                return events.stream().map(e -> true).toList();
            }
        };
        var meters = new SimpleMeterRegistry();
        LedgerWriterVerticle.registerCodecs(vertx.eventBus());
        vertx.deployVerticle(new LedgerWriterVerticle(appender, meters),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .compose(id -> Future.all(IntStream.rangeClosed(1, 5)
                        .mapToObj(i -> vertx.eventBus().<LedgerWriterVerticle.Appended>request(LedgerWriterVerticle.ADDRESS,
                                new LedgerWriterVerticle.Append(new Pick("S1", "e1", i, 1L, "1", "rice", 1, 2500))))
                        .toList()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    assertTrue(all.list().stream().allMatch(m -> ((Message<LedgerWriterVerticle.Appended>) m).body()
                            .fresh().equals(List.of(true))), "every request answered stored, none failed");
                    assertEquals(List.of("S1/e1/1", "S1/e1/2", "S1/e1/3",
                            "S1/e1/4", "S1/e1/5"), order);
                    assertEquals(1.0,
                            meters.get("ssk_ledger_unavailable_episodes").counter().count());
                    assertEquals(1.0, meters.get("ssk_ledger_writable").gauge().value());
                    ctx.completeNow();
                })));
    }

    @Test
    void aBrokerResendingADeliveryThatWaitsForTheLedgerDoesNotQueueItAgain(Vertx vertx, VertxTestContext ctx) {
        AtomicInteger refusals = new AtomicInteger(3);
        AtomicInteger written = new AtomicInteger();
        EventAppender appender = e -> {
            if (refusals.getAndDecrement() > 0) {
                throw new StoreUnavailableException("read-only", null);
            }
            written.incrementAndGet();
            return true;
        };
        LedgerWriterVerticle.registerCodecs(vertx.eventBus());
        Pick pick = new Pick("S1", "e1", 1, 1L, "1", "rice", 1, 2500);
        vertx.deployVerticle(new LedgerWriterVerticle(appender),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .compose(id -> Future.all(IntStream.range(0, 20)
                        .mapToObj(i -> LedgerWriterVerticle.append(vertx.eventBus(), List.of(pick), 7).transform(ar ->
                                Future.<Object>succeededFuture(ar.succeeded() ? ar.result().body().fresh().get(0)
                                        : ((ReplyException) ar.cause()).failureCode())))
                        .toList()))
                .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
                    List<Object> outcomes = all.list();
                    // One copy is stored; the newest other copy (say, the one a reconnected hub got on its
                    // new connection) is answered too, as not new, so it gets acknowledged; the 18
                    // others are superseded and never queued.
                    assertEquals(1, outcomes.stream().filter(Boolean.TRUE::equals).count(), outcomes.toString());
                    assertEquals(1, outcomes.stream().filter(Boolean.FALSE::equals).count(), outcomes.toString());
                    assertEquals(18, outcomes.stream().filter(o -> o.equals(LedgerWriterVerticle.SUPERSEDED)).count(),
                            outcomes.toString());
                    assertEquals(1, written.get(), "written once");
                    ctx.completeNow();
                })));
    }
}
