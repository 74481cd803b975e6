package org.ssk.hub.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Codec;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Topics;

/**
 * The shelf's side of the documented deployment, booted from the installed units without systemd:
 * Mosquitto with the installed {@code ssk.conf} (TLS with a certificate from {@code ssk-make-certs},
 * password file, per-shelf ACL) and the agent from {@code ssk-agent.service}, with the trust store
 * and password the installer and {@code ssk-broker-user} gave it. Checks what a technician checks:
 * the shelf is online on the broker, its login is confined to its own topics, a wrong password is
 * refused, and {@code ssk-agent-health} tells a working agent from a hung one.
 */
@Timeout(180)
@Order(2)
class ShelfAndBrokerBootTest {
    static Stack stack;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        stack = Stack.install(tmp);
        stack.startBroker();
        stack.startAgent();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theAgentComesOnlineOverTlsWithTheInstalledTrustStoreAndPassword() throws Exception {
        List<ShelfState> states = new CopyOnWriteArrayList<>();
        MqttClient hubSide = stack.mqtt("tcp://127.0.0.1:" + stack.deployment.loopbackPort(), Topics.HUB_CLIENT_ID,
                "ssk-hub", stack.hubPassword);
        hubSide.subscribe(Topics.state(Stack.SHELF), 1,
                (topic, m) -> states.add(Codec.decodeState(m.getPayload())));
        await("retained online state of " + Stack.SHELF).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertTrue(stack.agent.isAlive(), "agent exited:\n" + stack.procs.log("agent"));
            assertTrue(states.stream().anyMatch(s -> s.status() == ShelfState.Status.ONLINE),
                    states + "\nagent log:\n" + stack.procs.log("agent"));
        });
        hubSide.disconnect();
    }

    @Test
    void aShelfsLoginPublishesOnlyUnderItsOwnIdAndAWrongPasswordIsRefused() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MqttClient hubSide = stack.mqtt("tcp://127.0.0.1:" + stack.deployment.loopbackPort(), Topics.HUB_CLIENT_ID,
                "ssk-hub", stack.hubPassword);
        hubSide.subscribe("ssk/v1/shelf/+/telemetry", 1, (topic, m) -> seen.add(topic));
        // A second shelf's login, so that S1's agent keeps its session (its client id is S1's alone).
        String s9 = stack.addShelfLogin("S9");
        MqttClient shelf = stack.mqtt("ssl://localhost:" + stack.deployment.tlsPort(), Topics.agentClientId("S9"),
                "S9", s9);
        byte[] junk = "{}".getBytes(StandardCharsets.UTF_8);
        // One connection, one QoS: Mosquitto keeps their order, so once the own-topic message is
        // seen, the forged one would have been seen before it.
        shelf.publish("ssk/v1/shelf/S2/telemetry", junk, 1, false);
        shelf.publish("ssk/v1/shelf/S9/telemetry", junk, 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("ssk/v1/shelf/S9/telemetry"));
        assertFalse(seen.contains("ssk/v1/shelf/S2/telemetry"), "S9 published as S2: " + seen);
        shelf.disconnect();
        hubSide.disconnect();

        MqttSecurityException refused = assertThrows(MqttSecurityException.class, () -> stack.mqtt(
                "ssl://localhost:" + stack.deployment.tlsPort(), Topics.agentClientId("S9"), "S9", "not-the-password"));
        assertTrue(refused.getReasonCode() == MqttSecurityException.REASON_CODE_FAILED_AUTHENTICATION
                || refused.getReasonCode() == MqttSecurityException.REASON_CODE_NOT_AUTHORIZED, refused.toString());
    }

    @Test
    void theAgentsHealthCheckPassesWhileTelemetryFlowsAndFailsWhenTheAgentHangs() throws Exception {
        Deployment.Command check = stack.deployment.command("ssk-agent-health.service", "ExecStart");
        List<String> dryRun = new ArrayList<>(check.argv());
        dryRun.add("--dry-run");
        await("a healthy verdict").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Processes.Result healthy = stack.procs.run(dryRun, check.env(), check.workDir(), Duration.ofSeconds(60));
            assertEquals(0, healthy.exit(), healthy.output());
            assertTrue(healthy.output().contains("healthy: telemetry"), healthy.output());
        });

        stack.signal("STOP", stack.agent.pid());
        try {
            Processes.Result hung = stack.procs.run(dryRun, check.env(), check.workDir(), Duration.ofSeconds(60));
            assertEquals(1, hung.exit(), hung.output());
            assertTrue(hung.output().contains("unhealthy"), hung.output());
        } finally {
            stack.signal("CONT", stack.agent.pid());
        }
    }
}
