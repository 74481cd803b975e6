package org.ssk.hub.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploaded product media in the {@code media} folder of the hub's data directory, served at
 * {@value #URL_PREFIX}{@code name}. A file is named by its SKU and content hash
 * ({@code ly-honey-500-3fa2c1d09e4b.png}), so a name never changes content and can be cached
 * forever, and uploading the same image twice stores it once. Files are written to a temporary
 * name and moved into place. Thread-safe; blocking (file I/O).
 */
public final class MediaStore {
    public static final String URL_PREFIX = "/api/v1/media/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}-[0-9a-f]{12}\\.(png|jpg|webp)");
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "webp", "image/webp");

    private final Path dir;

    public MediaStore(Path dir) {
        this.dir = dir;
    }

    /** Stores {@code bytes} for {@code sku} with {@code extension} (png, jpg, webp); returns its URL path. */
    public String save(String sku, String extension, byte[] bytes) throws IOException {
        if (!TYPES.containsKey(extension)) {
            throw new IllegalArgumentException("media type must be png, jpg or webp, was: " + extension);
        }
        String name = sku + "-" + hash(bytes) + "." + extension;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sku cannot name a media file: " + sku);
        }
        org.ssk.hub.PrivateFiles.directory(dir);
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            Path tmp = Files.createTempFile(dir, ".upload-", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return URL_PREFIX + name;
    }

    /** The stored file called {@code name} and its content type; empty for names this store never makes. */
    public Optional<Stored> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? Optional.of(new Stored(p, TYPES.get(name.substring(name.lastIndexOf('.') + 1))))
                : Optional.empty();
    }

    /** A stored media file. */
    public record Stored(Path path, String contentType) {
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
