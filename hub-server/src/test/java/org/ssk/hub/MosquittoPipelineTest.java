package org.ssk.hub;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The pipeline with the hub configured for an external broker: a private Mosquitto on a free
 * port, started by the test (never the machine's shared one on 1883).
 */
@org.junit.jupiter.api.Timeout(300)
@Order(1)
class MosquittoPipelineTest extends PipelineContract {
    private static final String MOSQUITTO = "/usr/sbin/mosquitto";
    private Process mosquitto;

    @Override
    HubConfig configure(HubConfig base) throws Exception {
        String exe = Files.isExecutable(Path.of(MOSQUITTO)) ? MOSQUITTO : "mosquitto";
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("mosquitto.conf");
            Path log = dir.resolve("mosquitto-" + attempt + ".log");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
            mosquitto = new ProcessBuilder(exe, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            // Mosquitto logs "running" once it listens. A listener on the port is not enough: a
            // test class running beside this one may have taken the port after it was seen free,
            // and this Mosquitto then exits while the other's listener answers.
            await().atMost(WAIT).until(() -> !mosquitto.isAlive() || Files.readString(log).contains(" running"));
            if (mosquitto.isAlive() && accepts(port)) {
                return base.withBrokerUrl("tcp://127.0.0.1:" + port);
            }
            afterHub();
            if (attempt >= 5) {
                throw new IllegalStateException("mosquitto did not start: " + Files.readString(log));
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void eventsPublishedWhileTheHubIsDownAreStoredWhenItComesBack() throws Exception {
        hub.close();
        shelf.lift("2", 1);
        String pick = await().atMost(WAIT).until(() -> publishedEvents.stream()
                .filter(j -> j.contains("\"type\":\"pick\"")).findFirst().orElse(null), j -> j != null);
        String id = new io.vertx.core.json.JsonObject(pick).getString("id");

        hub = Hub.start(config, storage(config), java.util.List.of());
        await().atMost(WAIT).until(() -> storedCopies(id) == 1);
    }

    @Override
    void afterHub() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
