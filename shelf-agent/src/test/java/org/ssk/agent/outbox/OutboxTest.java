package org.ssk.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

class OutboxTest {
    @TempDir
    Path dir;

    private static ShelfEvent pick(String epoch, long seq) {
        return new Pick("S1", epoch, seq, 1_000 + seq, "1", "rice", 1, 2500);
    }

    @Test
    void epochIsDrawnOnceAndKeptAcrossReopening() throws IOException {
        String epoch;
        try (Outbox o = Outbox.open(dir, 10)) {
            epoch = o.epoch();
            assertTrue(epoch.matches("[a-z0-9]{10}"), epoch);
        }
        try (Outbox o = Outbox.open(dir, 10)) {
            assertEquals(epoch, o.epoch());
        }
        try (Outbox other = Outbox.open(dir.resolve("other"), 10)) {
            assertNotEquals(epoch, other.epoch());
        }
    }

    @Test
    void highWaterMarkSurvivesRestartEvenWhenEverythingWasAcknowledged() throws IOException {
        try (Outbox o = Outbox.open(dir, 10)) {
            o.append(pick(o.epoch(), 1));
            o.append(pick(o.epoch(), 2));
            o.remove(List.of(1L, 2L));
            assertEquals(0, o.pendingCount());
        }
        try (Outbox o = Outbox.open(dir, 10)) {
            assertEquals(2, o.lastSeq());
            assertEquals(0, o.pendingCount());
            assertThrows(IllegalArgumentException.class, () -> o.append(pick(o.epoch(), 2)));
        }
    }

    @Test
    void pendingEventsComeBackInSequenceOrderWithTheirExactBytesAfterReopening() throws IOException {
        String epoch;
        try (Outbox o = Outbox.open(dir, 10)) {
            epoch = o.epoch();
            for (long s = 1; s <= 5; s++) {
                o.append(pick(epoch, s));
            }
            o.remove(List.of(2L, 4L));
        }
        try (Outbox o = Outbox.open(dir, 10)) {
            List<Outbox.Entry> all = o.pending(0, 100);
            assertEquals(List.of(1L, 3L, 5L), all.stream().map(Outbox.Entry::seq).toList());
            assertArrayEquals(Codec.encode(pick(epoch, 3)), all.get(1).payload());
            assertEquals("S1/" + epoch + "/3", all.get(1).id());
            assertEquals(List.of(3L), o.pending(1, 1).stream().map(Outbox.Entry::seq).toList());
            assertEquals(3, o.pendingCount());
        }
    }

    @Test
    void aDuplicateAcknowledgementRemovesNothingElse() throws IOException {
        try (Outbox o = Outbox.open(dir, 10)) {
            o.append(pick(o.epoch(), 1));
            o.append(pick(o.epoch(), 2));
            o.remove(List.of(1L));
            o.remove(List.of(1L));
            assertEquals(1, o.pendingCount());
        }
    }

    @Test
    void aFullOutboxShedsLiftsButStillStoresPicks() throws IOException {
        try (Outbox o = Outbox.open(dir, 2)) {
            o.append(new Lift("S1", o.epoch(), 1, 10, "1", null, 300));
            assertTrue(o.acceptsLifts());
            o.append(pick(o.epoch(), 2));
            assertFalse(o.acceptsLifts());
            o.append(pick(o.epoch(), 3));
            assertEquals(3, o.pendingCount());
            o.remove(List.of(1L, 2L));
            assertTrue(o.acceptsLifts());
        }
    }

    @Test
    void anEventOfAnotherEpochIsRefused() throws IOException {
        try (Outbox o = Outbox.open(dir, 10)) {
            assertThrows(IllegalArgumentException.class, () -> o.append(pick("zzz", 1)));
        }
    }

    @Test
    void aDataDirThatIsAFileGivesAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        IOException e = assertThrows(IOException.class, () -> Outbox.open(file, 10));
        assertTrue(e.getMessage().contains("not-a-dir"), e.getMessage());
    }

    @Test
    void aSecondAgentOnTheSameDataDirIsRefusedUntilTheFirstCloses() throws IOException {
        try (Outbox first = Outbox.open(dir, 10)) {
            IOException e = assertThrows(IOException.class, () -> Outbox.open(dir, 10));
            assertTrue(e.getMessage().contains("another shelf agent"), e.getMessage());
            first.append(pick(first.epoch(), 1));
        }
        try (Outbox again = Outbox.open(dir, 10)) {
            assertEquals(1, again.lastSeq());
        }
    }

    private long pageCount() throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             var st = c.createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anAppendTheFullDiskRefusedStoresNothingAndGoesThroughOnceSpaceReturns() throws Exception {
        try (Outbox o = Outbox.open(dir, 100_000)) {
            o.append(pick(o.epoch(), 1));
            // SQLITE_FULL, as from a full disk, once the file would need a page more than it has.
            o.pragmaOnWriter("max_page_count = " + pageCount());
            long seq = 2;
            IOException refused = null;
            for (; seq < 10_000 && refused == null; seq++) {
                try {
                    o.append(pick(o.epoch(), seq));
                } catch (IOException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null && refused.getMessage().contains("full"), String.valueOf(refused));
            long failed = seq - 1;
            assertEquals(failed - 1, o.lastSeq(), "the refused event raised no high-water mark");
            assertEquals(failed - 1, o.pendingCount());
            assertThrows(IOException.class, () -> o.append(pick(o.epoch(), failed)), "still full");

            o.pragmaOnWriter("max_page_count = 1073741823");
            o.append(pick(o.epoch(), failed));
            o.append(pick(o.epoch(), failed + 1));
            o.remove(List.of(1L));
            assertEquals(failed, o.pendingCount());
        }
        try (Outbox o = Outbox.open(dir, 100_000)) {
            List<Outbox.Entry> all = o.pending(0, 100_000);
            assertEquals(java.util.stream.LongStream.rangeClosed(2, all.size() + 1).boxed().toList(),
                    all.stream().map(Outbox.Entry::seq).toList(), "every event once, in order, none lost");
            assertEquals(all.size() + 1, o.lastSeq());
        }
    }

    @Test
    void aReadOnlyOutboxRefusesWritesButStillReadsAndRecoversWhenWritableAgain() throws Exception {
        try (Outbox o = Outbox.open(dir, 10)) {
            o.append(pick(o.epoch(), 1));
            o.pragmaOnWriter("query_only = 1");
            IOException e = assertThrows(IOException.class, () -> o.append(pick(o.epoch(), 2)));
            assertTrue(e.getMessage().contains("readonly"), e.getMessage());
            assertThrows(IOException.class, () -> o.remove(List.of(1L)));
            assertEquals(1, o.pending(0, 10).size(), "reads still work");
            o.pragmaOnWriter("query_only = 0");
            o.append(pick(o.epoch(), 2));
            o.remove(List.of(1L));
            assertEquals(List.of(2L), o.pending(0, 10).stream().map(Outbox.Entry::seq).toList());
        }
    }
}
