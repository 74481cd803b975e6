package org.ssk.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec for everything on the topic tree (see {@code docs/protocol.md}).
 *
 * <p>Field names are snake_case ({@code t_ms}, {@code unit_grams}); enums are lower case
 * ({@code foreign_item}); every field is written, nulls included, and every field must be present
 * when decoding (exceptions, fields newer than the first v1 peers: a {@link ShelfConfig} without
 * {@code max_events_per_message} or {@code hub_acks}, from a hub that predates them, reads as 1 and
 * false; an event without {@code unseen}, from an agent that predates it, reads as false; telemetry
 * without {@code faults} reads as none, without {@code changes} as null). Unknown fields are ignored so an older hub can read a newer agent within
 * {@code v1}. Decoding never throws anything but {@link PayloadException}, whatever the bytes.
 * Thread-safe; all methods are static.
 */
public final class Codec {
    /** Largest payload of one record accepted; agents' real payloads are a few hundred bytes. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    /**
     * Largest event-topic message holding several events (a JSON array, see {@link #decodeEvents});
     * each event in it is still held to {@link #MAX_PAYLOAD_BYTES}. Half the brokers' 64 KiB
     * packet limit.
     */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;

    /**
     * Most events in one event-topic message; with events of about 220 bytes a full array stays
     * under {@link #MAX_MESSAGE_BYTES}. The broker's in-flight window to the hub counts messages
     * (Moquette: 10), so this is what a ledger write can gather per message in flight.
     */
    public static final int MAX_EVENTS_PER_MESSAGE = 128;

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Lift.class, name = "lift"),
        @JsonSubTypes.Type(value = Pick.class, name = "pick"),
        @JsonSubTypes.Type(value = Putback.class, name = "putback"),
        @JsonSubTypes.Type(value = Restock.class, name = "restock"),
        @JsonSubTypes.Type(value = Anomaly.class, name = "anomaly")
    })
    private interface ShelfEventMixin {
        @JsonProperty(value = "id", access = JsonProperty.Access.READ_ONLY)
        String id();
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxNumberLength(40)
                            .maxStringLength(MAX_PAYLOAD_BYTES)
                            .build())
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .addMixIn(ShelfEvent.class, ShelfEventMixin.class)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, true)
            .build();

    private Codec() {
    }

    /** Encodes any protocol record (event, telemetry, state, config, command) as UTF-8 JSON. */
    public static byte[] encode(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a protocol record: " + payload.getClass().getName(), e);
        }
    }

    /** Encodes as a one-line JSON string (for JSON-lines output and logs). */
    public static String encodeToString(Object payload) {
        return new String(encode(payload), StandardCharsets.UTF_8);
    }

    public static ShelfEvent decodeEvent(byte[] payload) throws PayloadException {
        try {
            return decode(payload, ShelfEvent.class);
        } catch (PayloadException e) {
            if (e.reason() != PayloadException.Reason.MISSING_FIELD || !e.getMessage().contains("\"unseen\"")) {
                throw e;
            }
        }
        // An agent from before proximity became evidence does not write it: it counted only what it saw.
        return decode(payload, ShelfEvent.class, tree -> {
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("unseen")
                    && COUNTED_OR_ANOMALY.contains(o.path("type").asText())) {
                o.put("unseen", false);
            }
        });
    }

    private static final java.util.Set<String> COUNTED_OR_ANOMALY = java.util.Set.of("pick", "putback", "restock", "anomaly");

    /**
     * Joins encoded events (each as {@link #encode} wrote it) into one event-topic payload: a JSON
     * array. An agent with a backlog sends it as one MQTT message, so the broker and the hub handle
     * one message and one acknowledgement for up to {@link #MAX_EVENTS_PER_MESSAGE} events.
     *
     * @throws IllegalArgumentException when there are none, too many, or they exceed
     *                                  {@link #MAX_MESSAGE_BYTES} together (see {@link #fits})
     */
    public static byte[] joinEvents(java.util.List<byte[]> events) {
        if (events.isEmpty() || events.size() > MAX_EVENTS_PER_MESSAGE) {
            throw new IllegalArgumentException("a message holds 1.." + MAX_EVENTS_PER_MESSAGE + " events, not "
                    + events.size());
        }
        int size = 1;
        for (byte[] e : events) {
            size += e.length + 1;
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(events.size() + " events take " + size + " bytes, limit "
                    + MAX_MESSAGE_BYTES);
        }
        byte[] out = new byte[size];
        out[0] = '[';
        int at = 1;
        for (byte[] e : events) {
            if (at > 1) {
                out[at++] = ',';
            }
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        out[at] = ']';
        return out;
    }

    /**
     * Whether {@code count} events of {@code bytes} encoded bytes in total can be joined into one
     * message by {@link #joinEvents}.
     */
    public static boolean fits(int count, long bytes) {
        return count >= 1 && count <= MAX_EVENTS_PER_MESSAGE && 1 + bytes + count <= MAX_MESSAGE_BYTES;
    }

    /**
     * Decodes an event-topic payload: one event (a JSON object) or several (a JSON array of 1 to
     * {@link #MAX_EVENTS_PER_MESSAGE} objects, as {@link #joinEvents} writes). Each element is
     * decoded exactly as {@link #decodeEvent} decodes it alone; an element that fails is handed to
     * {@code rejected} and the others are still returned, so one bad event cannot take its
     * neighbours down. Whole-payload faults (empty, an array over {@link #MAX_MESSAGE_BYTES} or an
     * object over {@link #MAX_PAYLOAD_BYTES}, not JSON, an empty or too long array) throw.
     */
    public static java.util.List<ShelfEvent> decodeEvents(byte[] payload,
                                                          java.util.function.Consumer<PayloadException> rejected)
            throws PayloadException {
        if (payload == null || payload.length == 0 || firstNonBlank(payload) != '[') {
            return java.util.List.of(decodeEvent(payload));
        }
        if (payload.length > MAX_MESSAGE_BYTES) {
            throw new PayloadException(PayloadException.Reason.TOO_LARGE,
                    payload.length + " bytes, limit " + MAX_MESSAGE_BYTES, null);
        }
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser p = MAPPER.getFactory().createParser(payload)) {
            p.nextToken(); // the array
            for (com.fasterxml.jackson.core.JsonToken t; (t = p.nextToken()) != com.fasterxml.jackson.core.JsonToken.END_ARRAY; ) {
                if (t == null) {
                    throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, "unterminated array", null);
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int to = (int) p.currentLocation().getByteOffset();
                if (spans.size() == MAX_EVENTS_PER_MESSAGE) {
                    throw new PayloadException(PayloadException.Reason.TOO_LARGE,
                            "more than " + MAX_EVENTS_PER_MESSAGE + " events in one message", null);
                }
                spans.add(new int[] {from, to});
            }
            if (p.nextToken() != null) {
                throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, "data after the array", null);
            }
        } catch (JsonProcessingException e) {
            throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, firstLine(e), e);
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, String.valueOf(e.getMessage()), e);
        }
        if (spans.isEmpty()) {
            throw new PayloadException(PayloadException.Reason.INVALID_FIELD, "an empty array of events", null);
        }
        java.util.List<ShelfEvent> events = new java.util.ArrayList<>(spans.size());
        for (int[] s : spans) {
            try {
                events.add(decodeEvent(java.util.Arrays.copyOfRange(payload, s[0], s[1])));
            } catch (PayloadException e) {
                rejected.accept(e);
            }
        }
        return events;
    }

    private static int firstNonBlank(byte[] b) {
        for (byte c : b) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return -1;
    }

    public static Telemetry decodeTelemetry(byte[] payload) throws PayloadException {
        return decode(payload, Telemetry.class, tree -> {
            // Agents from before these fields do not write them: no faults said, counts unknown (not zero).
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                if (!o.has("faults")) {
                    o.putArray("faults");
                }
                if (!o.has("changes")) {
                    o.putNull("changes");
                }
            }
        });
    }

    public static ShelfState decodeState(byte[] payload) throws PayloadException {
        return decode(payload, ShelfState.class);
    }

    public static ShelfConfig decodeConfig(byte[] payload) throws PayloadException {
        return decode(payload, ShelfConfig.class, tree -> {
            // A hub from before several-event messages does not write it: it takes one.
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("max_events_per_message")) {
                o.put("max_events_per_message", 1);
            }
            // A hub from before end-to-end acknowledgements does not write it: it sends none.
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("hub_acks")) {
                o.put("hub_acks", false);
            }
        });
    }

    public static HubAck decodeAck(byte[] payload) throws PayloadException {
        return decode(payload, HubAck.class);
    }

    public static ShelfCommand decodeCommand(byte[] payload) throws PayloadException {
        return decode(payload, ShelfCommand.class);
    }

    /** Decodes a payload of the given protocol type, with the same limits and errors as the rest. */
    public static <T> T decode(byte[] payload, Class<T> type) throws PayloadException {
        return decode(payload, type, null);
    }

    /** {@link #decode}, letting {@code amend} fill in the parsed tree first (defaults of optional fields). */
    private static <T> T decode(byte[] payload, Class<T> type,
                                java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> amend)
            throws PayloadException {
        if (payload == null || payload.length == 0) {
            throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, "empty payload", null);
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new PayloadException(PayloadException.Reason.TOO_LARGE,
                    payload.length + " bytes, limit " + MAX_PAYLOAD_BYTES, null);
        }
        try {
            T value;
            if (amend == null) {
                value = MAPPER.readValue(payload, type);
            } else {
                com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(payload);
                amend.accept(tree);
                value = tree == null || tree.isNull() ? null : MAPPER.treeToValue(tree, type);
            }
            if (value == null) {
                throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, "null document", null);
            }
            return value;
        } catch (InvalidTypeIdException e) {
            throw new PayloadException(PayloadException.Reason.UNKNOWN_TYPE, "unknown or missing \"type\"", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PayloadException(PayloadException.Reason.INVALID_FIELD, String.valueOf(cause.getMessage()), e);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "?" : String.valueOf(e.getPath().getLast().getFieldName());
            boolean missing = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing");
            throw new PayloadException(missing ? PayloadException.Reason.MISSING_FIELD
                    : PayloadException.Reason.INVALID_FIELD, "field \"" + field + "\": " + firstLine(e), e);
        } catch (JsonProcessingException e) {
            // A number too big for its field is well-formed JSON with a bad value.
            boolean outOfRange = e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException;
            throw new PayloadException(outOfRange ? PayloadException.Reason.INVALID_FIELD
                    : PayloadException.Reason.MALFORMED_JSON, firstLine(e), e);
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, String.valueOf(e.getMessage()), e);
        }
    }

    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
