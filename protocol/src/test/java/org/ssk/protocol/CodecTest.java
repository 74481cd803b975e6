package org.ssk.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {

    static Stream<Object> everyPayloadKind() {
        return Stream.of(
                new Lift("S1", "e1", 1, 1000, "1", "rice-2500", 310.5),
                new Pick("S1", "e1", 2, 1500, "1", "rice-2500", 1, 2510.0),
                new Pick("S1", "e1", 2, 1500, "1", "rice-2500", 1, 2510.0, true),
                new Putback("S1", "e1", 3, 2000, "2", null, 1, 520.0, true),
                new Anomaly("S1", "e1", 5, 3000, "4", null, Anomaly.Kind.FOREIGN_ITEM, 212.0, "", true),
                new Putback("S1", "e1", 3, 2000, "2", null, 2, 1040.0),
                new Restock("S1", "e1", 4, 2500, "3", "tea-250", 5, 1300.0),
                new Anomaly("S1", "e1", 5, 3000, "4", "honey-500", Anomaly.Kind.FOREIGN_ITEM, 212.0, "not 640 g items"),
                new Anomaly("S1", "e1", 6, 3000, "4", null, Anomaly.Kind.SENSOR_FAULT, 20000.0, "saturated"),
                new Telemetry("S1", 4000, List.of(new Telemetry.LaneReading("1", 5020.1, 2, Telemetry.Health.OK)),
                        false, 830.0, 0, 12),
                new Telemetry("S1", 4000, List.of(), true, null, 3, 0),
                new Telemetry("S1", 4000, List.of(), false, 8190.0, 0, 60, List.of(), new Telemetry.Changes(40, 3)),
                new ShelfState("S1", ShelfState.Status.OFFLINE, 5000, "0.1.0"),
                new ShelfConfig("S1", 7, List.of(new ShelfConfig.LaneConfig("1", "rice-2500", 2510, "东源大米"),
                        new ShelfConfig.LaneConfig("2", null, 500, ""))),
                new ShelfCommand("c-1", ShelfCommand.Action.RESTOCK_START, null, 6000));
    }

    @ParameterizedTest
    @MethodSource("everyPayloadKind")
    void everyPayloadSurvivesARoundTrip(Object payload) throws PayloadException {
        byte[] bytes = Codec.encode(payload);
        assertEquals(payload, Codec.decode(bytes, payload.getClass()));
    }

    @Test
    void eventsAreReadBackAsTheirOwnRecordTypeThroughTheSealedInterface() throws PayloadException {
        ShelfEvent e = new Pick("S1", "e1", 2, 1500, "1", "rice-2500", 1, 2510.0);
        ShelfEvent back = Codec.decodeEvent(Codec.encode(e));
        assertTrue(back instanceof Pick);
        assertEquals("S1/e1/2", back.id());
    }

    @Test
    void eventJsonUsesTheScorersFieldNames() {
        String json = Codec.encodeToString(
                new Anomaly("S1", "e1", 5, 3000, "4", null, Anomaly.Kind.FOREIGN_ITEM, 212.0, ""));
        assertTrue(json.contains("\"type\":\"anomaly\""), json);
        assertTrue(json.contains("\"t_ms\":3000"), json);
        assertTrue(json.contains("\"lane\":\"4\""), json);
        assertTrue(json.contains("\"kind\":\"foreign_item\""), json);
        assertTrue(json.contains("\"id\":\"S1/e1/5\""), json);
    }

    static Stream<Arguments> malformedEvents() {
        String ok = "\"shelf\":\"S1\",\"epoch\":\"e1\",\"seq\":1,\"t_ms\":5,\"lane\":\"1\",\"sku\":null";
        return Stream.of(
                Arguments.of("", PayloadException.Reason.MALFORMED_JSON),
                Arguments.of("{", PayloadException.Reason.MALFORMED_JSON),
                Arguments.of("[1,2]", PayloadException.Reason.UNKNOWN_TYPE),
                Arguments.of("null", PayloadException.Reason.MALFORMED_JSON),
                Arguments.of("{\"type\":\"teleport\"," + ok + "}", PayloadException.Reason.UNKNOWN_TYPE),
                Arguments.of("{" + ok + ",\"qty\":1,\"grams\":5}", PayloadException.Reason.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"grams\":5}", PayloadException.Reason.MISSING_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":1.5,\"grams\":5}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":\"one\",\"grams\":5}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":0,\"grams\":5}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":1,\"grams\":1e400}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":99999999999999999999,\"grams\":5}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok.replace("S1", "S1/#") + ",\"qty\":1,\"grams\":5}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"anomaly\"," + ok + ",\"kind\":\"gremlins\",\"grams\":5,\"detail\":\"\"}",
                        PayloadException.Reason.INVALID_FIELD),
                Arguments.of("{\"type\":\"pick\"," + ok + ",\"qty\":1,\"grams\":5} trailing",
                        PayloadException.Reason.MALFORMED_JSON),
                Arguments.of("{\"type\":\"pick\",\"sku\":\"" + "x".repeat(20_000) + "\"}",
                        PayloadException.Reason.TOO_LARGE));
    }

    @ParameterizedTest
    @MethodSource("malformedEvents")
    void malformedEventsAreRejectedWithAReason(String json, PayloadException.Reason reason) {
        PayloadException e = assertThrows(PayloadException.class,
                () -> Codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void unknownFieldsFromANewerAgentAreIgnored() throws PayloadException {
        String json = "{\"type\":\"pick\",\"shelf\":\"S1\",\"epoch\":\"e1\",\"seq\":1,\"t_ms\":5,\"lane\":\"1\","
                + "\"sku\":null,\"qty\":1,\"grams\":5,\"confidence\":0.9}";
        assertEquals(1, ((Pick) Codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8))).qty());
    }

    @Test
    void aChangeNoHandWasSeenForSaysUnseenAndAnOlderAgentsEventsReadAsSeen() throws PayloadException {
        String json = Codec.encodeToString(new Putback("S1", "e1", 3, 2000, "2", null, 1, 520.0, true));
        assertTrue(json.contains("\"unseen\":true"), json);
        String older = json.replace(",\"unseen\":true", "");
        assertTrue(!older.contains("unseen"), older);
        Putback back = (Putback) Codec.decodeEvent(older.getBytes(StandardCharsets.UTF_8));
        assertEquals(false, back.unseen());
        assertEquals(1, back.qty());
        PayloadException bad = assertThrows(PayloadException.class,
                () -> Codec.decodeEvent(json.replace("\"unseen\":true", "\"unseen\":\"maybe\"").getBytes(StandardCharsets.UTF_8)));
        assertEquals(PayloadException.Reason.INVALID_FIELD, bad.reason(), bad.getMessage());
        PayloadException noQty = assertThrows(PayloadException.class,
                () -> Codec.decodeEvent(older.replace("\"qty\":1,", "").getBytes(StandardCharsets.UTF_8)));
        assertEquals(PayloadException.Reason.MISSING_FIELD, noQty.reason(), "every other field is still required");
    }

    @Test
    void telemetryCountsUnseenChangesAndAnOlderAgentsHeartbeatHasNoCounts() throws PayloadException {
        String json = Codec.encodeToString(new Telemetry("S1", 4000, List.of(), false, 830.0, 0, 60, List.of(),
                new Telemetry.Changes(40, 10)));
        assertTrue(json.contains("\"changes\":{\"counted\":40,\"unseen\":10}"), json);
        assertEquals(0.25, Codec.decodeTelemetry(json.getBytes(StandardCharsets.UTF_8)).changes().unseenShare());
        String older = json.replace(",\"faults\":[],\"changes\":{\"counted\":40,\"unseen\":10}", "");
        assertTrue(!older.contains("changes") && !older.contains("faults"), older);
        Telemetry back = Codec.decodeTelemetry(older.getBytes(StandardCharsets.UTF_8));
        assertEquals(null, back.changes(), "an older agent's counts are unknown, not zero");
        assertEquals(List.of(), back.faults());
        PayloadException bad = assertThrows(PayloadException.class, () -> Codec.decodeTelemetry(
                json.replace("\"unseen\":10", "\"unseen\":41").getBytes(StandardCharsets.UTF_8)));
        assertEquals(PayloadException.Reason.INVALID_FIELD, bad.reason(), bad.getMessage());
    }

    @Test
    void deeplyNestedInputIsRejectedNotOverflowed() {
        String json = "{\"type\":\"pick\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThrows(PayloadException.class, () -> Codec.decodeEvent(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shelfTopicsParseBackToShelfAndKind() {
        assertEquals(new Topics.ShelfTopic("S-7", Topics.Kind.EVENT), Topics.parse(Topics.event("S-7")).orElseThrow());
        assertTrue(Topics.parse("ssk/v1/shelf/S1/unknown").isEmpty());
        assertTrue(Topics.parse("ssk/v2/shelf/S1/event").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Topics.event("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Topics.event("+"));
    }

    @Test
    void aConfigSaysHowManyEventsAMessageMayCarryAndAnOlderHubsConfigMeansOne() throws Exception {
        ShelfConfig now = new ShelfConfig("S1", 3, List.of(new ShelfConfig.LaneConfig("1", "rice", 2500, "米")),
                Codec.MAX_EVENTS_PER_MESSAGE);
        String json = Codec.encodeToString(now);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("\"max_events_per_message\":" + Codec.MAX_EVENTS_PER_MESSAGE), json);
        org.junit.jupiter.api.Assertions.assertEquals(now, Codec.decodeConfig(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String older = json.replace(",\"max_events_per_message\":" + Codec.MAX_EVENTS_PER_MESSAGE, "");
        org.junit.jupiter.api.Assertions.assertFalse(older.contains("max_events"), older);
        org.junit.jupiter.api.Assertions.assertEquals(1,
                Codec.decodeConfig(older.getBytes(java.nio.charset.StandardCharsets.UTF_8)).maxEventsPerMessage());
        PayloadException tooMany = org.junit.jupiter.api.Assertions.assertThrows(PayloadException.class,
                () -> Codec.decodeConfig(json.replace("_message\":" + Codec.MAX_EVENTS_PER_MESSAGE, "_message\":" + (Codec.MAX_EVENTS_PER_MESSAGE + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.junit.jupiter.api.Assertions.assertEquals(PayloadException.Reason.INVALID_FIELD, tooMany.reason());
        // Every other field is still required.
        PayloadException noVersion = org.junit.jupiter.api.Assertions.assertThrows(PayloadException.class,
                () -> Codec.decodeConfig(older.replace("\"version\":3,", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.junit.jupiter.api.Assertions.assertEquals(PayloadException.Reason.MISSING_FIELD, noVersion.reason());
    }

    @Test
    void aConfigSaysWhetherTheHubAcknowledgesAndAnOlderHubsConfigMeansItDoesNot() throws Exception {
        ShelfConfig now = new ShelfConfig("S1", 3, List.of(), Codec.MAX_EVENTS_PER_MESSAGE, true);
        String json = Codec.encodeToString(now);
        assertTrue(json.contains("\"hub_acks\":true"), json);
        assertEquals(now, Codec.decodeConfig(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String older = json.replace(",\"hub_acks\":true", "");
        assertEquals(false, Codec.decodeConfig(older.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hubAcks());
    }

    @Test
    void aHubAckRoundTripsAndNamesOnlyItsOwnShelfsEvents() throws Exception {
        HubAck ack = new HubAck("S1", List.of("S1/k3f9a2/42", "S1/k3f9a2/43"));
        assertEquals(ack, Codec.decodeAck(Codec.encode(ack)));
        PayloadException foreign = assertThrows(PayloadException.class, () -> Codec.decodeAck(
                "{\"shelf\":\"S1\",\"ids\":[\"S2/k3f9a2/42\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(PayloadException.Reason.INVALID_FIELD, foreign.reason());
        assertThrows(PayloadException.class, () -> Codec.decodeAck(
                "{\"shelf\":\"S1\",\"ids\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void clientIdsAreTiedToTheLoginAndTheHubsCannotBeAShelfs() {
        assertEquals("ssk-agent-S1", Topics.agentClientId("S1"));
        assertEquals(new Topics.ShelfTopic("S1", Topics.Kind.ACK), Topics.parse(Topics.ack("S1")).orElseThrow());
        for (String shelf : List.of("hub", "ssk-hub", "-hub", "S1")) {
            assertTrue(!Topics.agentClientId(shelf).equals(Topics.HUB_CLIENT_ID));
        }
    }
}
