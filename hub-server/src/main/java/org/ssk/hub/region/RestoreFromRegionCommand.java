package org.ssk.hub.region;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import org.ssk.hub.ledger.ChainRestore;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.region.EntryPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hub-server restore-from-region}: a center whose disk died rebuilds its ledger from the
 * region ({@link ChainRestore} over {@link RegionClient#entries}), with the hub stopped, into an
 * empty database (the configured one: the data folder's SQLite file or {@code SSK_DB_URL}). Needs
 * the region link of {@code serve} ({@code SSK_CENTER_ID}, {@code SSK_REGION_URL},
 * {@code SSK_REGION_SECRET}). Prints progress about every second; a region that goes away is
 * asked again a few times before the restore gives up (then nothing is written). Exit 0 when
 * restored, 1 when refused or failed (one line saying why), 2 on bad configuration.
 */
@Command(name = "restore-from-region", mixinStandardHelpOptions = true,
        description = "Rebuild a lost ledger from the region's copy of this center's entries (hub stopped,"
                + " empty database); the next entry continues the sequence and chain.")
public final class RestoreFromRegionCommand implements Callable<Integer> {
    /** Entries asked for per page: the region's most. */
    static final int PAGE = EntryPage.MAX_ENTRIES;
    /** Waits between attempts while the region cannot answer, in ms; then the restore gives up. */
    private static final List<Long> RETRY_MS = List.of(1_000L, 2_000L, 5_000L, 10_000L, 20_000L);

    @Mixin
    HubOptions options;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public RestoreFromRegionCommand() {
        this(System.getenv());
    }

    /** With this environment instead of the process's (tests). */
    public RestoreFromRegionCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(env, null);
        RegionLink link = config.region();
        if (!link.enabled()) {
            throw new HubConfig.InvalidConfigException(List.of("restore-from-region needs the region link:"
                    + " SSK_CENTER_ID, SSK_REGION_URL and SSK_REGION_SECRET (as for serve)"));
        }
        PrintWriter out = spec.commandLine().getOut();
        String host = URI.create(link.url()).getAuthority();
        out.printf("hub-server: restoring the ledger of center %s from the region at %s into %s%n", link.centerId(),
                host, config.jdbcUrl());
        out.flush();
        RegionClient client = new HttpRegionClient(link.url(), link.secret());
        Database db = Database.open(config.jdbcUrl());
        long started = System.nanoTime();
        ProgressLine progress = new ProgressLine(out, started);
        ChainRestore.Restored done = ChainRestore.restore(db,
                after -> withRetries(out, () -> client.entries(link.centerId(), after, PAGE)), progress);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        out.printf("hub-server: restored %,d entries in %.1f s; the chain head is entry %d (hash %s)."
                        + " The next entry continues at %d, and the uploader resumes after %d.%n", done.entries(),
                ms / 1000.0, done.entries(), done.headHash(), done.entries() + 1, done.entries());
        out.flush();
        return 0;
    }

    private interface Fetch {
        EntryPage get() throws RegionClient.Unavailable, RegionClient.Refused;
    }

    private static EntryPage withRetries(PrintWriter out, Fetch fetch) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return fetch.get();
            } catch (RegionClient.Unavailable e) {
                if (attempt >= RETRY_MS.size()) {
                    throw new Exception("the region stayed unreachable (" + e.getMessage() + "); nothing was"
                            + " restored, run it again later", e);
                }
                out.printf("hub-server: %s; asking again in %d s%n", e.getMessage(), RETRY_MS.get(attempt) / 1000);
                out.flush();
                Thread.sleep(RETRY_MS.get(attempt));
            } catch (RegionClient.Refused e) {
                throw new Exception(e.getMessage() + " (is SSK_REGION_SECRET this center's upload secret?)", e);
            }
        }
    }

    /** "restored 120,000 of 1,000,000 entries (12%), 25,000/s", at most about once a second and at the end. */
    private static final class ProgressLine implements ChainRestore.Progress {
        private final PrintWriter out;
        private final long started;
        private long lastPrinted;

        ProgressLine(PrintWriter out, long started) {
            this.out = out;
            this.started = started;
            this.lastPrinted = started;
        }

        @Override
        public void restored(long done, long total) {
            long now = System.nanoTime();
            if (done < total && now - lastPrinted < TimeUnit.SECONDS.toNanos(1)) {
                return;
            }
            lastPrinted = now;
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            out.printf("hub-server: restored %,d of %,d entries (%d%%), %,.0f/s%n", done, total,
                    total == 0 ? 100 : done * 100 / total, done / seconds);
            out.flush();
        }
    }
}
