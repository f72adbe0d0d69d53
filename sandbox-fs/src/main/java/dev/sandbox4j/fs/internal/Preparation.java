package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.fs.RootSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates on the host what the shim mounts onto. Everything created is
 * recorded for cleanup at once, so a failure half-way removes it again.
 */
public final class Preparation {
    private static final long SCRATCH_SLACK = 64L << 10;

    private Preparation() {}

    public static PreparedMounts prepare(MountPlan plan, Path tempBase, int uid, int gid) throws IOException {
        List<Path> cleanup = new ArrayList<>();
        try {
            Path top = Files.createTempDirectory(tempBase, "sandbox4j-fs-");
            cleanup.add(top);
            Path staging = Files.createDirectory(top.resolve("root"));
            Optional<Path> scratch = Optional.empty();
            long scratchBytes = scratchBytes(plan.steps());
            if (scratchBytes > 0) {
                scratch = Optional.of(Files.createDirectory(top.resolve("scratch")));
            }
            Map<MountStep.Overlay, Path> work = new LinkedHashMap<>();
            for (MountStep s : plan.steps()) {
                if (s instanceof MountStep.Overlay o) {
                    work.put(o, workDirBeside(o.upper(), cleanup));
                }
            }
            PreparedRoot root = root(plan.root(), cleanup);
            Owner.give(uid, gid, top, staging);
            scratch.ifPresent(p -> Owner.give(uid, gid, p));
            work.values().forEach(p -> Owner.give(uid, gid, p));
            if (root instanceof PreparedRoot.Overlay o) {
                Owner.give(uid, gid, o.work());
            }
            return new PreparedMounts(plan, root, staging, scratch, scratchBytes, work, cleanup);
        } catch (IOException | RuntimeException e) {
            for (Path p : cleanup.reversed()) {
                try {
                    TempTree.delete(p);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static PreparedRoot root(RootSource source, List<Path> cleanup) throws IOException {
        return switch (source) {
            case RootSource.HostReadOnly h -> new PreparedRoot.Bind(Path.of("/"), true, false);
            case RootSource.Directory d -> new PreparedRoot.Bind(d.dir().toAbsolutePath().normalize(),
                    false, !d.writable());
            case RootSource.Overlay o -> new PreparedRoot.Overlay(
                    o.lowers().stream().map(p -> p.toAbsolutePath().normalize()).toList(),
                    o.upper().toAbsolutePath().normalize(), workDirBeside(o.upper(), cleanup));
            case RootSource.Tar t -> {
                Path dir = ImageUnpacker.unpack(t.archive(), t.cacheDir());
                RootfsCheck.check(dir);
                yield new PreparedRoot.Bind(dir, false, true);
            }
        };
    }

    /** overlayfs wants the work dir empty and on the upper dir's filesystem: a sibling is both. */
    private static Path workDirBeside(Path upper, List<Path> cleanup) throws IOException {
        Path abs = upper.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("overlay upper " + upper + " needs a parent directory for its work dir");
        }
        Path work = Files.createTempDirectory(parent, "." + abs.getFileName() + ".work-");
        cleanup.add(work);
        return work;
    }

    private static long scratchBytes(List<MountStep> steps) {
        long total = 0;
        for (MountStep s : steps) {
            if (s instanceof MountStep.File f) {
                total += f.content().length + 4096L;
            }
        }
        return total == 0 ? 0 : total + SCRATCH_SLACK;
    }
}
