package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A fixed host entry the library itself binds (/usr, /etc, /dev/null...):
 * it lives in root-owned directories no sandbox can write, so a symlink
 * there is the host's own layout and is followed here, once, to the real
 * path, which the bind (never following links) can then use.
 */
final class HostEntry {
    private HostEntry() {}

    /** The real path of {@code p}, or null when it does not exist (or dangles). */
    static Path real(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return Files.isSymbolicLink(p) ? p.toRealPath() : p;
        } catch (IOException e) {
            return null;
        }
    }
}
