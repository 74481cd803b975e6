package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.alert.Alert;

/**
 * What {@link Hub#close} stops, and in which order. The storage's alert checks run on a thread of
 * the storage's own, which outlives the hub's Vert.x until the storage closes: an alert raised in
 * between used to be sent on the closed Vert.x ({@code RejectedExecutionException: event executor
 * terminated}, logged as a warning at every shutdown whose check came late).
 */
class HubCloseTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void anAlertRaisedWhileTheHubClosesIsNotSentOnItsClosedVertx() throws Exception {
        FakeStorage storage = new FakeStorage();
        Hub hub = Hub.start(HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString()),
                storage, List.of());
        hub.close();

        assertTrue(storage.closed.get(), "the storage is closed with the hub");
        assertEquals(1, storage.alertListeners.size(), "the hub listens to the storage's alerts");
        Alert late = new Alert(1, Alert.Kind.values()[0], "S1", "S1", null, null, "raised as the hub closed",
                System.currentTimeMillis(), null);
        assertDoesNotThrow(() -> storage.alertListeners.getFirst().raised(late));
        assertDoesNotThrow(() -> storage.alertListeners.getFirst().cleared(late));
    }
}
