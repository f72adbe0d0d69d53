package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** overlayfs's markers in an upper directory. */
final class Whiteouts {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private Whiteouts() {}

    /** A deleted entry: a 0:0 character device, or a file carrying the overlay.whiteout xattr. */
    static boolean isWhiteout(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        if ((mode & S_IFMT) == S_IFCHR && ((Number) a.get("rdev")).longValue() == 0) {
            return true;
        }
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                && (Xattrs.get(p, "user.overlay.whiteout").isPresent()
                    || Xattrs.get(p, "trusted.overlay.whiteout").isPresent());
    }

    /** A directory that hides whatever the lower layers had at its place. */
    static boolean isOpaque(Path dir) {
        return "y".equals(Xattrs.get(dir, "trusted.overlay.opaque").orElse(null))
                || "y".equals(Xattrs.get(dir, "user.overlay.opaque").orElse(null));
    }
}
