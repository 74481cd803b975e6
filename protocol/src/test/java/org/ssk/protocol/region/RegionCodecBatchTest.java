package org.ssk.protocol.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionCodecBatchTest {
    private static List<ChainedEntry> chain(int n) {
        List<ChainedEntry> out = new ArrayList<>();
        String hash = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            String entry = "{\"src\":\"sale_line\",\"note\":\"tab\\t \\\"q\\\" 售\",\"seq\":" + i + "}";
            hash = ChainHash.next(hash, entry);
            out.add(new ChainedEntry(i, entry, hash));
        }
        return out;
    }

    @Test
    void aBatchReadsBackAsEncodedFromTextAndFromBytes() {
        UploadBatch batch = new UploadBatch("c-1", chain(3));
        String json = RegionCodec.encode(batch);
        assertEquals(batch, RegionCodec.decodeBatch(json));
        assertEquals(batch, RegionCodec.decodeBatch(json.getBytes(StandardCharsets.UTF_8)));
        byte[] body = RegionCodec.encodeUtf8(batch);
        assertEquals(json, new String(body, StandardCharsets.UTF_8));
        assertEquals(batch, RegionCodec.decodeBatch(body));
    }

    @Test
    void unknownFieldsAreIgnoredAndARepeatedFieldCountsAsItsLastValue() {
        ChainedEntry e = chain(1).get(0);
        String json = "{\"x\":{\"entries\":5},\"center\":\"other\",\"entries\":[{\"seq\":9,\"extra\":[1,{\"a\":2}],"
                + "\"entry\":" + quoted(e.entry()) + ",\"hash\":\"" + e.hash() + "\",\"seq\":1}],\"center\":\"c-1\"}";
        assertEquals(new UploadBatch("c-1", List.of(e)), RegionCodec.decodeBatch(json));
    }

    @Test
    void whatIsNoBatchIsRefusedWithItsReason() {
        ChainedEntry e = chain(1).get(0);
        String one = "{\"seq\":1,\"entry\":" + quoted(e.entry()) + ",\"hash\":\"" + e.hash() + "\"}";
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch("[1]"));
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch("{\"center\":\"c-1\"}"));
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch("{\"entries\":[" + one + "]}"));
        assertThrows(IllegalArgumentException.class,
                () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":[" + one.replace("\"seq\":1", "\"seq\":1.0") + "]}"));
        assertThrows(IllegalArgumentException.class,
                () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":[" + one.replace("\"seq\":1",
                        "\"seq\":123456789012345678901234567890") + "]}"));
        assertThrows(IllegalArgumentException.class,
                () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":[" + one + ",7]}"));
        assertThrows(IllegalArgumentException.class,
                () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":[" + one.replace("\"hash\":", "\"h\":") + "]}"));
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":["
                + one + "," + one.replace("\"seq\":1", "\"seq\":3") + "]}"));
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch("{\"center\":\"c-1\",\"entries\":["
                + one + "\n"));
        StringBuilder many = new StringBuilder("{\"center\":\"c-1\",\"entries\":[");
        for (int i = 0; i <= UploadBatch.MAX_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append(one);
        }
        assertThrows(IllegalArgumentException.class, () -> RegionCodec.decodeBatch(many.append("]}").toString()));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
    }
}
