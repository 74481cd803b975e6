package org.ssk.hub.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerChainTest extends LedgerChainContract {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.sqlite(dir);
    }
}
