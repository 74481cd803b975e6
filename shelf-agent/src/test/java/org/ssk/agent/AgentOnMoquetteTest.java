package org.ssk.agent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.ssk.agent.mqtt.Moquette;

/** The broker contract on the hub's embedded Moquette 0.17. */
class AgentOnMoquetteTest extends BrokerContract {
    static Moquette broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new Moquette();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    String brokerUrl() {
        return broker.url();
    }
}
