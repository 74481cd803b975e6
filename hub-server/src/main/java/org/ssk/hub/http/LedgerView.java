package org.ssk.hub.http;

import java.util.Map;

/**
 * What the HTTP side reads from the ledger. Blocking (JDBC): call only from
 * {@code executeBlocking}.
 */
public interface LedgerView {
    /** Items per lane of a shelf, derived from its stored events; lanes with no events are absent. */
    Map<String, Integer> stockByLane(String shelf) throws Exception;

    /** A cheap round trip to the database, for /health. */
    boolean healthy();
}
