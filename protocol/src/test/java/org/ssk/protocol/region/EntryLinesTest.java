package org.ssk.protocol.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryLinesTest {
    private static List<ChainedEntry> chain(int n, String note) {
        List<ChainedEntry> out = new ArrayList<>();
        String hash = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            String entry = "{\"src\":\"sale_line\",\"note\":\"" + note + "\",\"seq\":" + i + "}";
            hash = ChainHash.next(hash, entry);
            out.add(new ChainedEntry(i, entry, hash));
        }
        return out;
    }

    private static UploadBatch lines(String body) {
        return EntryLines.decode(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBatchReadsBackByteForByteAsTheJsonFormReadsIt() {
        // Escaped quotes and tab, a raw tab (the rest of the line is the entry), Chinese, a backslash.
        UploadBatch batch = new UploadBatch("c-1", chain(3, "tab\\t \\\"q\\\" 售\traw \\\\"));
        assertTrue(EntryLines.encodable(batch));
        byte[] body = EntryLines.encode(batch);
        assertEquals(batch, EntryLines.decode(body));
        assertEquals(RegionCodec.decodeBatch(RegionCodec.encodeUtf8(batch)), EntryLines.decode(body));
        String text = new String(body, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("c-1\n1\t" + batch.entries().get(0).hash() + "\t{\"src\""), text);
        assertTrue(text.endsWith("}\n"), text);
    }

    @Test
    void anEntryWithALineFeedCannotBeLinesSoTheBatchGoesAsJson() {
        UploadBatch batch = new UploadBatch("c-1", chain(2, "a\nb"));
        assertFalse(EntryLines.encodable(batch));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntryLines.encode(batch));
        assertTrue(e.getMessage().contains("entry 1 holds a line feed"), e.getMessage());
        assertEquals(batch, RegionCodec.decodeBatch(RegionCodec.encodeUtf8(batch)));
    }

    @Test
    void whatIsNoBatchIsRefusedWithItsReason() {
        ChainedEntry e = chain(1, "x").get(0);
        String one = "1\t" + e.hash() + "\t" + e.entry() + "\n";
        assertEquals(new UploadBatch("c-1", List.of(e)), lines("c-1\n" + one));
        refused(new byte[0], "must end with a line feed");
        refused(("c-1\n" + one.strip()).getBytes(StandardCharsets.UTF_8), "must end with a line feed");
        refused("c-1\n".getBytes(StandardCharsets.UTF_8), "entries: 1-");
        refused(("c-1\n\n" + one).getBytes(StandardCharsets.UTF_8), "line 2: SEQ, HASH and ENTRY");
        refused(("c-1\n" + one + "\n").getBytes(StandardCharsets.UTF_8), "line 3: SEQ, HASH and ENTRY");
        refused(("c-1\n1 " + e.hash() + "\t" + e.entry() + "\n").getBytes(StandardCharsets.UTF_8), "SEQ, HASH and ENTRY");
        for (String seq : List.of("", "+1", "-1", "1a", "0x1", "1234567890123456789")) {
            refused(("c-1\n" + seq + one.substring(1)).getBytes(StandardCharsets.UTF_8), "SEQ: 1-18 decimal digits");
        }
        refused(("c-1\n0" + one.substring(1)).getBytes(StandardCharsets.UTF_8), "seq starts at 1");
        refused(("c-1\n" + one.replace(e.hash(), e.hash().toUpperCase())).getBytes(StandardCharsets.UTF_8),
                "hash must be 64 lower-case hex");
        refused(("c-1\n1\t" + e.hash() + "\t\n").getBytes(StandardCharsets.UTF_8), "characters of JSON");
        refused(("c-1\n" + one.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8), "ends in CR LF");
        refused(("c 1\n" + one).getBytes(StandardCharsets.UTF_8), "center:");
        refused(("c-1\n" + one + one).getBytes(StandardCharsets.UTF_8), "consecutive");
        byte[] notUtf8 = ("c-1\n" + one).getBytes(StandardCharsets.UTF_8);
        notUtf8[notUtf8.length - 3] = (byte) 0xC3;
        refused(notUtf8, "not UTF-8");
        StringBuilder many = new StringBuilder("c-1\n");
        for (ChainedEntry c : chain(UploadBatch.MAX_ENTRIES + 1, "m")) {
            many.append(c.seq()).append('\t').append(c.hash()).append('\t').append(c.entry()).append('\n');
        }
        refused(many.toString().getBytes(StandardCharsets.UTF_8), "at most " + UploadBatch.MAX_ENTRIES);
    }

    @Test
    void theLargestBatchGoesThroughWhole() {
        UploadBatch batch = new UploadBatch("c-1", chain(UploadBatch.MAX_ENTRIES, "售"));
        byte[] body = EntryLines.encode(batch);
        assertEquals(batch, EntryLines.decode(body));
        assertArrayEquals(body, EntryLines.encode(EntryLines.decode(body)));
    }

    private static void refused(byte[] body, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntryLines.decode(body),
                new String(body, StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains(reason), reason + " / " + e.getMessage());
    }
}
