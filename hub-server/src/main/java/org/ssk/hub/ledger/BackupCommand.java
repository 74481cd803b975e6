package org.ssk.hub.ledger;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub-server backup --to FILE}: an online copy of the hub's SQLite database, safe while
 * the hub runs (see {@link Database#backupTo}).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy the hub's SQLite database to a new file while the hub keeps running.")
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    HubOptions options;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The new backup file.")
    Path to;

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(System.getenv(), null);
        Database db = Database.open(config.jdbcUrl());
        long started = System.nanoTime();
        db.backupTo(to);
        System.out.printf("hub-server: backed up %s to %s (%d KiB, %d ms)%n", config.jdbcUrl(), to.toAbsolutePath(),
                java.nio.file.Files.size(to) / 1024, (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}
