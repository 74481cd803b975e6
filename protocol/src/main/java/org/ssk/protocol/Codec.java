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
 * when decoding. Unknown fields are ignored so an older hub can read a newer agent within
 * {@code v1}. Decoding never throws anything but {@link PayloadException}, whatever the bytes.
 * Thread-safe; all methods are static.
 */
public final class Codec {
    /** Largest payload accepted; agents' real payloads are a few hundred bytes. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

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
        return decode(payload, ShelfEvent.class);
    }

    public static Telemetry decodeTelemetry(byte[] payload) throws PayloadException {
        return decode(payload, Telemetry.class);
    }

    public static ShelfState decodeState(byte[] payload) throws PayloadException {
        return decode(payload, ShelfState.class);
    }

    public static ShelfConfig decodeConfig(byte[] payload) throws PayloadException {
        return decode(payload, ShelfConfig.class);
    }

    public static ShelfCommand decodeCommand(byte[] payload) throws PayloadException {
        return decode(payload, ShelfCommand.class);
    }

    /** Decodes a payload of the given protocol type, with the same limits and errors as the rest. */
    public static <T> T decode(byte[] payload, Class<T> type) throws PayloadException {
        if (payload == null || payload.length == 0) {
            throw new PayloadException(PayloadException.Reason.MALFORMED_JSON, "empty payload", null);
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new PayloadException(PayloadException.Reason.TOO_LARGE,
                    payload.length + " bytes, limit " + MAX_PAYLOAD_BYTES, null);
        }
        try {
            T value = MAPPER.readValue(payload, type);
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
