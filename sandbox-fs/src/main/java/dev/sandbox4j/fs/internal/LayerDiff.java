package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.Change;
import dev.sandbox4j.fs.Change.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Walks an upper directory against its lowers; see OverlayDiff for the rules. */
public final class LayerDiff {
    private final Path upper;
    private final List<Path> lowers;
    private final List<Change> out = new ArrayList<>();

    private LayerDiff(Path upper, List<Path> lowers) {
        this.upper = upper;
        this.lowers = lowers;
    }

    public static List<Change> changes(Path upper, List<Path> lowers) throws IOException {
        LayerDiff d = new LayerDiff(upper, lowers);
        d.walk(upper, "", true);
        d.out.sort(null);
        return List.copyOf(d.out);
    }

    /** {@code lowerVisible}: whether lower entries can show through at this level. */
    private void walk(Path dir, String rel, boolean lowerVisible) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path c : children) {
            String path = rel + "/" + c.getFileName();
            boolean inLower = lowerVisible && inLower(path);
            if (Whiteouts.isWhiteout(c)) {
                if (inLower) {
                    out.add(new Change(Kind.DELETED, path));
                }
                continue;
            }
            boolean isDir = Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS);
            if (!inLower) {
                out.add(new Change(Kind.ADDED, path));
                if (isDir) {
                    walk(c, path, false);
                }
            } else if (!isDir) {
                out.add(new Change(Kind.MODIFIED, path));
            } else if (Whiteouts.isOpaque(c) || !lowerIsDir(path)) {
                out.add(new Change(Kind.MODIFIED, path));
                hiddenByOpaque(c, path);
                walk(c, path, false);
            } else {
                walk(c, path, true);
            }
        }
    }

    /** Lower entries of an opaque dir that the upper does not replace are gone. */
    private void hiddenByOpaque(Path upperDir, String path) throws IOException {
        for (Path l : lowers) {
            Path ld = l.resolve(path.substring(1));
            if (!Files.isDirectory(ld, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> s = Files.list(ld)) {
                for (Path c : s.sorted().toList()) {
                    Path u = upperDir.resolve(c.getFileName().toString());
                    Change gone = new Change(Kind.DELETED, path + "/" + c.getFileName());
                    if (!Files.exists(u, LinkOption.NOFOLLOW_LINKS) && !out.contains(gone)) {
                        out.add(gone);
                    }
                }
            }
        }
    }

    private boolean inLower(String path) {
        for (Path l : lowers) {
            if (Files.exists(l.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private boolean lowerIsDir(String path) {
        for (Path l : lowers) {
            Path p = l.resolve(path.substring(1));
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            }
        }
        return false;
    }
}
