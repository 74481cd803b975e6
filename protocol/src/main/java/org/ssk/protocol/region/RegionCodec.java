package org.ssk.protocol.region;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one codec of the hub-to-region API (JSON, snake_case): {@link UploadBatch},
 * {@link UploadAnswer}, {@link EntryPage} and the certified-product list ({@link CertifiedList}, dates ISO-8601). Decoding checks everything the records check and throws
 * {@link IllegalArgumentException} with the reason for anything else. Thread-safe.
 */
public final class RegionCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegionCodec() {
    }

    /** {@link #encodeUtf8} as text. */
    public static String encode(UploadBatch batch) {
        return new String(encodeUtf8(batch), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The batch as the UTF-8 bytes of its JSON, as a request body goes out: written token by token
     * straight to bytes (every upload of a hub, up to 5,000 entries), no tree and no text copy.
     */
    public static byte[] encodeUtf8(UploadBatch batch) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(batch.entries().size() * 420 + 64);
        try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("center", batch.center());
            g.writeArrayFieldStart("entries");
            for (ChainedEntry e : batch.entries()) {
                g.writeStartObject();
                g.writeNumberField("seq", e.seq());
                g.writeStringField("entry", e.entry());
                g.writeStringField("hash", e.hash());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static UploadBatch decodeBatch(String json) {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            return decodeBatch(p);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** The same from the body's UTF-8 bytes, read as a stream: no tree, no copy of the body as text. */
    public static UploadBatch decodeBatch(byte[] utf8) {
        try (JsonParser p = MAPPER.getFactory().createParser(utf8)) {
            return decodeBatch(p);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private static IllegalArgumentException notJson(IOException e) {
        return new IllegalArgumentException("not JSON: " + (e instanceof JsonProcessingException j
                ? j.getOriginalMessage() : e.getMessage()));
    }

    /**
     * Reads an upload batch token by token (it runs for every upload of every center): the same
     * rules as the tree it replaced, a field given twice counting as its last value and unknown
     * fields ignored.
     */
    private static UploadBatch decodeBatch(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("a JSON object expected");
        }
        String center = null;
        List<ChainedEntry> entries = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("center".equals(field)) {
                center = v == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
            } else if ("entries".equals(field)) {
                if (v != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("entries: an array expected");
                }
                entries = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (entries.size() == UploadBatch.MAX_ENTRIES) {
                        throw new IllegalArgumentException("entries: at most " + UploadBatch.MAX_ENTRIES + " per batch");
                    }
                    entries.add(entry(p));
                }
            } else {
                p.skipChildren();
            }
        }
        if (entries == null) {
            throw new IllegalArgumentException("entries: an array expected");
        }
        if (center == null) {
            throw new IllegalArgumentException("center: a string expected");
        }
        return new UploadBatch(center, entries);
    }

    /** One entry object, the parser on its first token. */
    private static ChainedEntry entry(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new IllegalArgumentException("seq: an integer expected");
        }
        Long seq = null;
        String entry = null;
        String hash = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "seq" -> seq = v == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? p.getLongValue() : null;
                case "entry" -> entry = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "hash" -> hash = v == JsonToken.VALUE_STRING ? p.getText() : null;
                default -> { }
            }
            p.skipChildren();
        }
        if (seq == null) {
            throw new IllegalArgumentException("seq: an integer expected");
        }
        if (entry == null) {
            throw new IllegalArgumentException("entry: a string expected");
        }
        if (hash == null) {
            throw new IllegalArgumentException("hash: a string expected");
        }
        return new ChainedEntry(seq, entry, hash);
    }

    private static List<ChainedEntry> entries(JsonNode entries) {
        List<ChainedEntry> list = new ArrayList<>(entries.size());
        for (JsonNode e : entries) {
            JsonNode seq = e.get("seq");
            if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong()) {
                throw new IllegalArgumentException("seq: an integer expected");
            }
            list.add(new ChainedEntry(seq.asLong(), text(e, "entry"), text(e, "hash")));
        }
        return list;
    }

    public static String encode(EntryPage page) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("center", page.center()).put("stored_through", page.storedThrough()).put("head_hash", page.headHash());
        ArrayNode entries = root.putArray("entries");
        for (ChainedEntry e : page.entries()) {
            entries.addObject().put("seq", e.seq()).put("entry", e.entry()).put("hash", e.hash());
        }
        return root.toString();
    }

    public static EntryPage decodePage(String json) {
        JsonNode root = parse(json);
        UploadAnswer head = decodeAnswer(json);
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("entries: an array expected");
        }
        if (entries.size() > EntryPage.MAX_ENTRIES) {
            throw new IllegalArgumentException("entries: at most " + EntryPage.MAX_ENTRIES + " per page");
        }
        return new EntryPage(head.center(), head.storedThrough(), head.headHash(), entries(entries));
    }

    public static String encode(UploadAnswer a) {
        return MAPPER.createObjectNode().put("center", a.center()).put("stored_through", a.storedThrough())
                .put("head_hash", a.headHash()).toString();
    }

    public static UploadAnswer decodeAnswer(String json) {
        JsonNode root = parse(json);
        JsonNode through = root.get("stored_through");
        if (through == null || !through.isIntegralNumber()) {
            throw new IllegalArgumentException("stored_through: an integer expected");
        }
        return new UploadAnswer(text(root, "center"), through.asLong(), text(root, "head_hash"));
    }

    public static String encode(CertifiedList list) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", list.version());
        ArrayNode certs = root.putArray("certificates");
        for (Certificate c : list.certificates()) {
            certs.addObject().put("number", c.number()).put("product", c.product()).put("sku", c.sku())
                    .put("producer", c.producer()).put("county", c.county()).put("households", c.households())
                    .put("valid_from", c.validFrom().toString()).put("valid_until", c.validUntil().toString());
        }
        return root.toString();
    }

    public static CertifiedList decodeCertifiedList(String json) {
        JsonNode root = parse(json);
        JsonNode version = root.get("version");
        JsonNode certs = root.get("certificates");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new IllegalArgumentException("version: an integer expected");
        }
        if (certs == null || !certs.isArray()) {
            throw new IllegalArgumentException("certificates: an array expected");
        }
        List<Certificate> list = new ArrayList<>(certs.size());
        for (JsonNode c : certs) {
            JsonNode households = c.get("households");
            if (households == null || !households.canConvertToInt()) {
                throw new IllegalArgumentException("households: an integer expected");
            }
            try {
                list.add(new Certificate(text(c, "number"), text(c, "product"), text(c, "sku"), text(c, "producer"),
                        text(c, "county"), households.asInt(), java.time.LocalDate.parse(text(c, "valid_from")),
                        java.time.LocalDate.parse(text(c, "valid_until"))));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("valid_from / valid_until: YYYY-MM-DD expected");
            }
        }
        return new CertifiedList(version.asLong(), list);
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a JSON object expected");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": a string expected");
        }
        return v.asText();
    }
}
