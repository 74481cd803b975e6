package org.ssk.hub.region;

import java.util.List;
import org.ssk.protocol.region.ChainedEntry;

/** Where the uploader reads committed chain entries: the ledger (JdbcLedger), or a fake in tests. Blocking. */
public interface ChainSource {
    /** The newest committed sequence number (0: none). */
    long headSeq() throws Exception;

    /** Up to {@code limit} entries after {@code seq}, in order. */
    List<ChainedEntry> after(long seq, int limit) throws Exception;
}
