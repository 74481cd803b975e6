package org.ssk.protocol.region;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The one codec of the hub-to-region API (JSON, snake_case): {@link UploadBatch},
 * {@link UploadAnswer} and {@link EntryPage}. Decoding checks everything the records check and throws
 * {@link IllegalArgumentException} with the reason for anything else. Thread-safe.
 */
public final class RegionCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegionCodec() {
    }

    public static String encode(UploadBatch batch) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("center", batch.center());
        ArrayNode entries = root.putArray("entries");
        for (ChainedEntry e : batch.entries()) {
            entries.addObject().put("seq", e.seq()).put("entry", e.entry()).put("hash", e.hash());
        }
        return root.toString();
    }

    public static UploadBatch decodeBatch(String json) {
        JsonNode root = parse(json);
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("entries: an array expected");
        }
        if (entries.size() > UploadBatch.MAX_ENTRIES) {
            throw new IllegalArgumentException("entries: at most " + UploadBatch.MAX_ENTRIES + " per batch");
        }
        return new UploadBatch(text(root, "center"), entries(entries));
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
