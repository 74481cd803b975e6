package org.ssk.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssk.protocol.Pick;

@ExtendWith(VertxExtension.class)
class LedgerWriterVerticleTest {

    @Test
    void appendsRunOnAWorkerThreadAndAnswerWhetherTheEventWasNew(Vertx vertx, VertxTestContext ctx) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        EventAppender appender = e -> {
            assertFalse(Thread.currentThread().getName().contains("eventloop"), Thread.currentThread().getName());
            return ids.add(e.id());
        };
        LocalCodec.register(vertx.eventBus(), LedgerWriterVerticle.Append.class);
        Pick pick = new Pick("S1", "e1", 1, 1L, "1", "dy-rice-2500", 1, 2500);
        vertx.deployVerticle(new LedgerWriterVerticle(appender),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .compose(id -> vertx.eventBus().<Boolean>request(LedgerWriterVerticle.ADDRESS,
                        new LedgerWriterVerticle.Append(pick)))
                .compose(first -> {
                    ctx.verify(() -> assertTrue(first.body()));
                    return vertx.eventBus().<Boolean>request(LedgerWriterVerticle.ADDRESS,
                            new LedgerWriterVerticle.Append(pick));
                })
                .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
                    assertFalse(second.body());
                    ctx.completeNow();
                })));
    }

    @Test
    void housekeepingHearsWhichShelvesWentOffline(Vertx vertx, VertxTestContext ctx) {
        ShelfNotice.registerCodecs(vertx.eventBus());
        LedgerWriterVerticle.Housekeeping check = (now, offline) -> {
            if (offline.equals(Set.of("S2"))) {
                ctx.completeNow();
            }
        };
        vertx.deployVerticle(new LedgerWriterVerticle(e -> true, check, 50),
                        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .onComplete(ctx.succeeding(id -> {
                    vertx.eventBus().publish(ShelfNotice.ADDRESS, new ShelfNotice.Online("S1", false));
                    vertx.eventBus().publish(ShelfNotice.ADDRESS, new ShelfNotice.Online("S2", false));
                    vertx.eventBus().publish(ShelfNotice.ADDRESS, new ShelfNotice.Online("S1", true));
                }));
    }
}
