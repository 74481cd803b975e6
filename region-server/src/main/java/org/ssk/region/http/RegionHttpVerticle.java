package org.ssk.region.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Clock;
import org.ssk.region.RegionConfig;
import org.ssk.region.console.RegionAccounts;
import org.ssk.region.store.RegionStore;

/** The region's one I/O edge: HTTP(S) serving {@link RegionRouter}. Holds no state of its own. */
public final class RegionHttpVerticle extends VerticleBase {
    private final RegionConfig config;
    private final RegionStore store;
    private final Clock clock;
    private final RegionAccounts accounts;
    private HttpServer server;
    private WorkerExecutor ingest;

    public RegionHttpVerticle(RegionConfig config, RegionStore store, Clock clock) {
        this(config, store, clock, store.accounts());
    }

    /** With the console's {@code accounts} (tests pass a low bcrypt cost). */
    public RegionHttpVerticle(RegionConfig config, RegionStore store, Clock clock, RegionAccounts accounts) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.accounts = accounts;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort());
        if (config.tls()) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert())
                    .setKeyPath(config.tlsKey()));
        }
        // Shared by name: every instance of this verticle in the process stores through the same few threads.
        ingest = vertx.createSharedWorkerExecutor("region-ingest", config.ingestThreads());
        return vertx.createHttpServer(options).requestHandler(RegionRouter.create(vertx, store, clock, config.adminToken(),
                        accounts, ingest, new UploadBudget(config.uploadMemoryBytes())))
                .listen().onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        return ingest == null ? Future.succeededFuture() : ingest.close();
    }

    /** The port it listens on (the chosen one when configured 0). */
    public int port() {
        return server.actualPort();
    }
}
