package dev.sandbox4j.junit;

import dev.sandbox4j.fs.internal.TempTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Host directories a test's sandbox uses, and their removal. */
final class TempDirs {
    private TempDirs() {}

    /**
     * A fresh directory with {@code mode} ("rwxr-xr-x"): the sandbox's root is some other host id (nobody as root,
     * a mapped id rootless), so a directory only its owner can enter would be invisible to it.
     */
    static Path create(String prefix, String mode) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode)); // not the umask's
        return dir;
    }

    /** Deletes {@code dir} and everything in it, without following symlinks out of it. */
    static void delete(Path dir) throws IOException {
        TempTree.delete(dir);
    }
}
