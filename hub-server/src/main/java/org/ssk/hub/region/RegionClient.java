package org.ssk.hub.region;

import org.ssk.protocol.region.EntryPage;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;

/**
 * The hub's one way to its region (docs/region.md): where the region stands for this center,
 * uploading a batch of the ledger chain, reading the center's own entries back, and fetching the
 * certified-product list. Blocking; implementations are thread-safe.
 */
public interface RegionClient {
    /** The region's {@code stored_through} and head hash for {@code center}. */
    UploadAnswer head(String center) throws Unavailable, Refused;

    /** Uploads one batch; answers only after the region committed it. */
    UploadAnswer upload(UploadBatch batch) throws Unavailable, Refused;

    /**
     * The region's certified-product list, or empty when its version is still the one whose
     * entity tag ({@code CertifiedList.etag}) is {@code ifNoneMatch} (null: always the list).
     */
    java.util.Optional<org.ssk.protocol.region.CertifiedList> certified(String ifNoneMatch) throws Unavailable, Refused;

    /**
     * Up to {@code limit} of this center's own entries stored at the region after {@code after}
     * (what {@code restore-from-region} rebuilds a lost ledger from). Not every client reads.
     */
    default EntryPage entries(String center, long after, int limit) throws Unavailable, Refused {
        throw new UnsupportedOperationException("this region client cannot read entries back");
    }

    /**
     * Tells the region where this center's chain ends and how it is ({@code POST
     * /api/v1/centers/{center}/status}), for the region console's lag; not every client reports.
     */
    default void status(String center, long headSeq, CenterHealth health) throws Unavailable, Refused {
    }

    /** The region cannot be reached or cannot store now (network, 5xx, timeout): retry later. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The region refused the request (a 4xx: chain broken, unknown secret, another center's id):
     * retrying the same will not help; it needs a person.
     */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
