package org.ssk.hub;

/** Opens the hub's storage over the ledger and catalog stores. */
public final class Storage {
    private Storage() {
    }

    public static HubStorage open(HubConfig config) {
        throw new UnsupportedOperationException("ledger stores not merged yet");
    }

    public static HubStorage openWithSampleCatalog(HubConfig config) {
        throw new UnsupportedOperationException("ledger stores not merged yet");
    }
}
