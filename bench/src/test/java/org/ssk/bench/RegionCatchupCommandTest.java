package org.ssk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code region-catchup} at a tiny scale: a backlog written and chained through the hub's own
 * ledger code, uploaded by the hub's uploader to a real region server, must be accepted by the
 * region's chain check and end there exactly as in the hub's ledger (count, highest sequence,
 * head hash), live lifts included. Timings are the benchmark's business, not asserted here.
 */
class RegionCatchupCommandTest {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theRegionEndsHoldingExactlyTheHubsLedgerAfterTheBacklog(@TempDir Path dir) {
        RegionCatchupCommand command = new RegionCatchupCommand();
        int exit = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute("--entries", "3000",
                "--shelves", "5", "--kiosks", "2", "--probe-rate", "10", "--warmup-s", "1", "--idle-s", "2",
                "--data-dir", dir.toString());
        assertEquals(0, exit);
        assertTrue(command.matched, "the region holds exactly the hub's chain");
    }
}
