package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

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

    /**
     * {@link #checkNoSymlink} at the start of a sandbox, for all its bind sources in turn: a
     * directory in {@code checkedDirs} (filled here, one set per start) is not looked at again,
     * and one look at the source itself tells a link from a missing source, which throws a
     * {@link NoSuchFileException} naming {@code dst}. The default /dev's six nodes cost 7 looks
     * instead of 18.
     */
    public static Path checkNoSymlinkStill(String what, Path src, String dst, Set<Path> checkedDirs)
            throws IOException {
        Path abs = src.toAbsolutePath().normalize();
        Path at = abs.getRoot();
        int n = abs.getNameCount();
        for (int i = 0; i < n; i++) {
            at = at.resolve(abs.getName(i));
            boolean last = i == n - 1;
            if (!last && checkedDirs.contains(at)) {
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(abs.toString(), null, "bind source for " + dst
                        + " no longer exists on the host");
            }
            if (a.isSymbolicLink()) {
                return checkNoSymlink(what, src, dst); // throws, naming the link
            }
            if (!last) {
                checkedDirs.add(at);
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
