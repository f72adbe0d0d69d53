package dev.sandbox4j.fs;

import dev.sandbox4j.fs.internal.TempTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MountPlan} made concrete on the host: root and overlay
 * directories resolved to their real paths (symlinks followed), bind
 * sources checked to hold no symlink, and the overlay work directories
 * created. The new root, its mount point and the tmpfs holding
 * {@code file} contents are built by the shim inside the sandbox's mount
 * namespace, on a private tmpfs mounted on {@code base} there; nothing of
 * that exists on the host. Close it after the sandbox ended (success or
 * failure): it removes everything it created.
 *
 * @param root     the root, host paths resolved
 * @param steps    the plan's steps in order (the pivot follows), host paths resolved
 * @param base     an existing host directory (not a symlink) the shim mounts its private
 *                 base tmpfs on, in the sandbox's mount namespace only; the host's own
 *                 content there stays visible to the shim, and nothing is written to it
 * @param scratchBytes size of the private tmpfs holding {@code file} contents; 0 when the
 *                 plan has no files
 * @param workDirs overlay work directory of each overlay step (a key of {@code steps})
 * @param cleanup  what {@link #close()} removes, in order
 */
public record PreparedMounts(MountPlan plan, PreparedRoot root, List<MountStep> steps, Path base,
                             long scratchBytes, Map<MountStep.Overlay, Path> workDirs, List<Path> cleanup)
        implements AutoCloseable {

    public PreparedMounts {
        steps = List.copyOf(steps);
        workDirs = Map.copyOf(workDirs);
        cleanup = List.copyOf(cleanup);
    }

    public Path workDir(MountStep.Overlay overlay) {
        Path p = workDirs.get(overlay);
        if (p == null) {
            throw new IllegalArgumentException("overlay " + overlay + " is not part of this plan");
        }
        return p;
    }

    /** The writable layer of an overlay root, for {@link OverlayDiff#changes}. */
    public Optional<Path> rootUpper() {
        return root instanceof PreparedRoot.Overlay o ? Optional.of(o.upper()) : Optional.empty();
    }

    /** Removes every directory this preparation created; tries all, then reports the first failure. */
    @Override
    public void close() {
        IOException first = null;
        for (Path p : cleanup) {
            try {
                TempTree.delete(p);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException("could not remove the sandbox's overlay work directories", first);
        }
    }
}
