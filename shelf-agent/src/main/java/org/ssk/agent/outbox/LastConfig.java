package org.ssk.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.ssk.protocol.Codec;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.ShelfConfig;

/**
 * The last {@link ShelfConfig} the hub sent, kept as {@code shelf-config.json} in the agent's data
 * dir so that a shelf restarted while the hub is away still knows its SKUs and unit weights.
 * Written atomically (temporary file, fsync, rename): a crash leaves the old or the new copy,
 * never half of one. Not thread-safe; the agent's run loop is its one user.
 */
public final class LastConfig {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LastConfig.class);
    private static final String FILE = "shelf-config.json";
    private final Path file;

    public LastConfig(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** The stored config, or empty when there is none or it cannot be read (that is logged by the caller). */
    public Optional<ShelfConfig> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Codec.decodeConfig(Files.readAllBytes(file)));
        } catch (PayloadException e) {
            throw new IOException(file + " is not a shelf config (" + e.getMessage() + ")", e);
        }
    }

    /** The stored config if it is {@code shelf}'s; a file that cannot be read is logged and ignored. */
    public Optional<ShelfConfig> loadFor(String shelf) {
        try {
            return load().filter(c -> c.shelf().equals(shelf));
        } catch (IOException e) {
            LOG.warn("shelf {}: ignoring the kept hub config: {}", shelf, e.getMessage());
            return Optional.empty();
        }
    }

    public void save(ShelfConfig config) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(Codec.encode(config)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path file() {
        return file;
    }
}
