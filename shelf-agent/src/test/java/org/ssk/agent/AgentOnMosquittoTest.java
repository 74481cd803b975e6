package org.ssk.agent;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.mqtt.Mosquitto;

/** The broker contract on a private Mosquitto, as a center with an external broker runs it. */
class AgentOnMosquittoTest extends BrokerContract {
    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Override
    String brokerUrl() {
        return broker.url();
    }
}
