package org.ssk.agent.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Locale;

/**
 * I2C addresses in the config file: datasheets, {@code i2cdetect} and board silkscreens all say
 * {@code 0x2A}, so the file accepts {@code "0x2A"} as well as a plain number and writes hex back.
 */
final class HexAddress {
    private HexAddress() {
    }

    static String format(int address) {
        return String.format(Locale.ROOT, "0x%02X", address);
    }

    static final class Writer extends JsonSerializer<Integer> {
        @Override
        public void serialize(Integer value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(format(value));
        }
    }

    static final class Reader extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return p.getIntValue();
            }
            String text = p.getValueAsString();
            if (text != null) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                try {
                    return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    // reported below, with the field's name
                }
            }
            return (Integer) ctxt.handleWeirdStringValue(Integer.class, String.valueOf(text),
                    "an I2C address is written like \"0x29\" or 41");
        }
    }
}
