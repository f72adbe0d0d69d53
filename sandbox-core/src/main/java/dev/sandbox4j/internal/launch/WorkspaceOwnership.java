package dev.sandbox4j.internal.launch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes workspaces usable by a root-started sandbox, whose root inside is an unprivileged host uid:
 * before the start every entry of the workspace is handed to that uid (so root inside reads and
 * writes it whatever its owner and mode), and after the end each entry goes back to the owner it
 * had, while entries the program created go to the caller. The walk never follows a symlink and
 * {@code lchown} clears set-id bits, and it runs only once every process of the sandbox is gone,
 * so nothing the program left can redirect it. (An idmapped mount would do this without touching
 * the host's inodes; it needs a user namespace fd from outside the sandbox, not built yet.)
 *
 * <pre>{@code
 * WorkspaceOwnership w = WorkspaceOwnership.handOver(List.of(dir), 65534, 65534, 0, 0);
 * ... run ...
 * w.restore();
 * }</pre>
 */
final class WorkspaceOwnership {
    private record Owner(int uid, int gid) {}

    private final Map<Path, Owner> before;
    private final List<Path> roots;
    private final int callerUid, callerGid;

    private WorkspaceOwnership(List<Path> roots, Map<Path, Owner> before, int callerUid, int callerGid) {
        this.roots = roots;
        this.before = before;
        this.callerUid = callerUid;
        this.callerGid = callerGid;
    }

    /** Records every entry's owner and gives it to {@code uid:gid}; restores what it changed when it fails. */
    static WorkspaceOwnership handOver(List<Path> roots, int uid, int gid, int callerUid, int callerGid)
            throws IOException {
        Map<Path, Owner> before = new HashMap<>();
        WorkspaceOwnership w = new WorkspaceOwnership(List.copyOf(roots), before, callerUid, callerGid);
        try {
            for (Path root : roots) {
                walk(root, p -> {
                    before.put(p, new Owner((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                            (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)));
                    chown(p, uid, gid);
                });
            }
        } catch (IOException | RuntimeException e) {
            w.restore();
            throw new IOException("cannot hand workspace over to the sandbox's host uid " + uid + ": " + e.getMessage(), e);
        }
        return w;
    }

    /** Gives every entry back: its recorded owner, or the caller for what the program created. */
    void restore() throws IOException {
        IOException first = null;
        for (Path root : roots) {
            try {
                walk(root, p -> {
                    Owner o = before.getOrDefault(p, new Owner(callerUid, callerGid));
                    chown(p, o.uid(), o.gid());
                });
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private interface Action {
        void on(Path p) throws IOException;
    }

    private static void walk(Path root, Action a) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() { // does not follow symlinks
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                a.on(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                a.on(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
