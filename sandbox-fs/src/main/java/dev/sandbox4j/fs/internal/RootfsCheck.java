package dev.sandbox4j.fs.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a rootfs whose /proc, /dev or /sys is a symlink: the special
 * mounts would land wherever the link points (inside the root, but not
 * where the program expects, and masks would miss them).
 */
public final class RootfsCheck {
    private static final List<String> SPECIAL = List.of("proc", "dev", "sys");

    private RootfsCheck() {}

    public static void check(Path rootDir) {
        if (!Files.isDirectory(rootDir)) {
            throw new IllegalArgumentException("rootfs " + rootDir + " is not a directory");
        }
        for (String name : SPECIAL) {
            Path p = rootDir.resolve(name);
            if (Files.isSymbolicLink(p)) {
                throw new IllegalArgumentException("rootfs " + rootDir + " has /" + name
                        + " as a symlink (" + p + "); it must be a directory or absent");
            }
        }
    }
}
