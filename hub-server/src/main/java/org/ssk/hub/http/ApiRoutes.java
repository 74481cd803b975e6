package org.ssk.hub.http;

import io.vertx.ext.web.Router;

/**
 * A group of routes mounted on the hub's router by the {@link RouterFactory}: how optional
 * features (the demo's virtual shelves, reports, accounts) add endpoints without the factory
 * knowing them. Handlers run on the HTTP verticle's event loop; blocking work goes through
 * {@code executeBlocking}. Errors: fail the context with an {@link ApiError}.
 */
@FunctionalInterface
public interface ApiRoutes {
    void mount(Router router);
}
