package dev.sandbox4j.junit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                try { // the sandbox may have left a directory without write permission for its owner
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                } catch (IOException | UnsupportedOperationException e) {
                    // not ours to change: the delete below reports what stays
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
