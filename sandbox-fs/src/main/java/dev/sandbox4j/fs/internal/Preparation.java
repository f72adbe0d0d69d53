package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.fs.RootSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a plan concrete on the host: resolves root and overlay directories
 * to their real paths, checks again that no bind source has a symlink on
 * its path (it may have changed since {@code build()}), picks the directory the shim's base tmpfs goes on, and creates the
 * overlay work directories (the only thing created on the host besides an
 * unpacked tar root). Everything created is recorded for cleanup at once,
 * so a failure half-way removes it again.
 */
public final class Preparation {
    private static final long SCRATCH_SLACK = 64L << 10;

    /**
     * Where the shim may mount its base tmpfs, in order of preference: it
     * must exist on every host and be a real directory (the mount must not
     * follow a symlink). Inside the sandbox's mount namespace only, and the
     * host's content there shows again once the shim pivoted into the base.
     */
    public static final List<Path> BASE_CANDIDATES = List.of(Path.of("/tmp"), Path.of("/dev"));

    private Preparation() {}

    public static PreparedMounts prepare(MountPlan plan, int uid, int gid) throws IOException {
        Path base = base(BASE_CANDIDATES);
        List<Path> cleanup = new ArrayList<>();
        try {
            List<MountStep> steps = new ArrayList<>();
            Map<MountStep.Overlay, Path> work = new LinkedHashMap<>();
            Set<Path> checkedDirs = new HashSet<>(); // a directory of several sources is looked at once
            for (MountStep s : plan.steps()) {
                MountStep resolved = switch (s) {
                    case MountStep.Bind b -> new MountStep.Bind(source(b, checkedDirs), b.target(), b.readOnly());
                    case MountStep.Overlay o -> {
                        MountStep.Overlay r = new MountStep.Overlay(real(o.lowers()), real(o.upper()), o.target());
                        work.put(r, workDirBeside(r.upper(), cleanup));
                        yield r;
                    }
                    default -> s;
                };
                steps.add(resolved);
            }
            PreparedRoot root = root(plan.root(), cleanup);
            // the sandbox's root (a host id of its own as root) creates overlayfs's work/ in them
            work.values().forEach(p -> Owner.give(uid, gid, p));
            if (root instanceof PreparedRoot.Overlay o) {
                Owner.give(uid, gid, o.work());
            }
            return new PreparedMounts(plan, root, steps, base, scratchBytes(plan.steps()), work, cleanup);
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

    /** The first candidate that is a directory and no symlink. */
    public static Path base(List<Path> candidates) throws IOException {
        for (Path p : candidates) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        throw new IOException("no host directory to mount the sandbox's private base tmpfs on: none of "
                + candidates + " is a directory (a symlink does not count); the shim needs one of them, "
                + "in its own mount namespace only");
    }

    private static PreparedRoot root(RootSource source, List<Path> cleanup) throws IOException {
        return switch (source) {
            case RootSource.MinimalHost m -> new PreparedRoot.Tmpfs(MinimalRoot.ROOT_BYTES,
                    MountStep.Tmpfs.defaultInodes(MinimalRoot.ROOT_BYTES));
            case RootSource.HostReadOnly h -> new PreparedRoot.Bind(Path.of("/"), true, false);
            case RootSource.Directory d -> new PreparedRoot.Bind(real(d.dir()), false, !d.writable());
            case RootSource.Overlay o -> {
                Path upper = real(o.upper());
                yield new PreparedRoot.Overlay(real(o.lowers()), upper, workDirBeside(upper, cleanup));
            }
            case RootSource.Tar t -> {
                Path dir = ImageUnpacker.unpack(t.archive(), t.cacheDir(), t.limits());
                RootfsCheck.check(dir);
                yield new PreparedRoot.Bind(real(dir), false, true);
            }
        };
    }

    /**
     * The shim reaches host paths below the old root inside its base
     * tmpfs, where an absolute symlink would resolve against the base:
     * root and overlay directories go as real paths, which is what
     * mounting the given path means (bind sources never follow links).
     */
    private static Path real(Path p) throws IOException {
        return p.toAbsolutePath().toRealPath();
    }

    /** A bind source as given, still without a symlink on its path and still there. */
    private static Path source(MountStep.Bind b, Set<Path> checkedDirs) throws IOException {
        return SourcePath.checkNoSymlinkStill(b.readOnly() ? "bindReadOnly" : "bind", b.source(), b.target(),
                checkedDirs);
    }

    private static List<Path> real(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>(paths.size());
        for (Path p : paths) {
            out.add(real(p));
        }
        return out;
    }

    /** overlayfs wants the work dir empty and on the upper dir's filesystem: a sibling is both. */
    private static Path workDirBeside(Path upper, List<Path> cleanup) throws IOException {
        Path parent = upper.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("overlay upper " + upper + " needs a parent directory for its work dir");
        }
        Path work = Files.createTempDirectory(parent, "." + upper.getFileName() + ".work-");
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
