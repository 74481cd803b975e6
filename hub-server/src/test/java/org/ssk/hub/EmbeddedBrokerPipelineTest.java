package org.ssk.hub;

/** The pipeline with the hub's embedded Moquette broker (the default) and its SQLite ledger. */
class EmbeddedBrokerPipelineTest extends PipelineContract {
    @Override
    HubConfig configure(HubConfig base) {
        return base;
    }
}
