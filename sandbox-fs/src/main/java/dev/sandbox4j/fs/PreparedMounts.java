package dev.sandbox4j.fs;

import dev.sandbox4j.fs.internal.TempTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MountPlan} made concrete on the host: the directories the shim
 * mounts onto and the overlay work directories exist. Close it after the
 * sandbox ended (success or failure): it removes everything it created.
 *
 * @param staging  empty directory the new root is mounted on (host path)
 * @param scratch  empty directory for the private tmpfs holding {@code file} contents,
 *                 present when the plan has files
 * @param scratchBytes size of that tmpfs
 * @param workDirs overlay work directory of each overlay step
 * @param cleanup  what {@link #close()} removes, in order
 */
public record PreparedMounts(MountPlan plan, PreparedRoot root, Path staging, Optional<Path> scratch,
                             long scratchBytes, Map<MountStep.Overlay, Path> workDirs, List<Path> cleanup)
        implements AutoCloseable {

    public PreparedMounts {
        workDirs = Map.copyOf(workDirs);
        cleanup = List.copyOf(cleanup);
    }

    /** The steps, in the order the shim applies them (the pivot follows). */
    public List<MountStep> steps() {
        return plan.steps();
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
            throw new UncheckedIOException("could not remove sandbox staging directories", first);
        }
    }
}
