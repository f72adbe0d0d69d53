package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bind sources are taken as written, never through a symlink: a link in a
 * directory that an earlier sandbox could write ({@code build -> /home/user})
 * would otherwise redirect a later bind. The shim opens the source again
 * with {@code RESOLVE_NO_SYMLINKS}, so a link planted after this check
 * fails the start instead.
 */
public final class SourcePath {
    private SourcePath() {}

    /**
     * {@code src} absolute and normalised, or an {@link IllegalArgumentException}
     * naming the first symlink on its path and how to follow it deliberately.
     */
    public static Path checkNoSymlink(String what, Path src, String dst) {
        Path abs = src.toAbsolutePath().normalize();
        Path at = abs.getRoot();
        for (Path name : abs) {
            at = at.resolve(name);
            if (Files.isSymbolicLink(at)) {
                throw new IllegalArgumentException(what + " source " + src + " for " + dst + " has a symbolic link"
                        + " on its path: " + at + " -> " + linkText(at) + "; bind sources are not followed through"
                        + " symlinks (a link planted later could redirect the bind). To bind what it points to,"
                        + " pass the resolved path: " + what + "(src.toRealPath(), \"" + dst + "\")");
            }
        }
        return abs;
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
