package dev.sandbox4j.fs;

import dev.sandbox4j.fs.internal.LayerDiff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a program did to an overlay's writable layer, like {@code docker diff}. */
public final class OverlayDiff {
    private OverlayDiff() {}

    /**
     * Lists the changes recorded in {@code upperDir} relative to {@code lowers}
     * (top-most first), sorted by path. A file present in the upper layer and
     * in a lower one is MODIFIED (overlayfs copied it up because it was
     * written or its metadata changed); a new entry is ADDED, with every
     * entry below a new directory; a whiteout is DELETED; an opaque directory
     * is MODIFIED and each lower entry it hides and the upper does not
     * replace is DELETED. Directories merely copied up to hold a change are
     * not listed.
     */
    public static List<Change> changes(Path upperDir, List<Path> lowers) throws IOException {
        return LayerDiff.changes(upperDir, List.copyOf(lowers));
    }
}
