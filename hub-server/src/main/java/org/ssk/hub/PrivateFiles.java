package org.ssk.hub;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The hub's data on disk is for the hub's user alone: the ledger database, its backups, uploaded
 * media and the broker's store are created owner-only (files 0600, directories 0700) whatever
 * the umask, so another account on the server reads no sale, password hash or shelf secret. On a
 * file system without POSIX permissions nothing is changed. Stateless.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents owner-only; directories that exist are left as they are. */
    public static Path directory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            directory(parent);
        }
        try {
            if (posix(parent)) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(abs, DIRECTORY);
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return dir;
    }

    /**
     * Makes {@code file} owner-only: created empty with 0600 when missing (its directory too),
     * narrowed to 0600 when it exists (a database an older release made world-readable).
     */
    public static Path file(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            directory(abs.getParent());
        }
        if (!posix(abs.getParent())) {
            return file;
        }
        if (!Files.exists(abs)) {
            try {
                Files.createFile(abs, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException e) {
                // Created meanwhile by someone else: narrowed below.
            }
        }
        Files.setPosixFilePermissions(abs, FILE);
        return file;
    }

    private static boolean posix(Path near) {
        return near != null && near.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
