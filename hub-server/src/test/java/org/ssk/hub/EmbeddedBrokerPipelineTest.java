package org.ssk.hub;

import org.junit.jupiter.api.Order;

/** The pipeline with the hub's embedded Moquette broker (the default) and its SQLite ledger. */
@Order(1)
class EmbeddedBrokerPipelineTest extends PipelineContract {
    @Override
    HubConfig configure(HubConfig base) {
        return base;
    }
}
