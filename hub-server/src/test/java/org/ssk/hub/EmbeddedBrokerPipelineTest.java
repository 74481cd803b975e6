package org.ssk.hub;

/** The pipeline with the hub's embedded Moquette broker (the default). */
class EmbeddedBrokerPipelineTest extends PipelineContract {
    private FakeStorage fake;

    @Override
    HubConfig configure(HubConfig base) {
        return base;
    }

    @Override
    HubStorage storage(HubConfig config) {
        fake = new FakeStorage();
        return fake;
    }

    @Override
    int storedCopies(String id) {
        return fake.events.containsKey(id) ? 1 : 0;
    }
}
