package dev.sandbox4j.fs;

import dev.sandbox4j.fs.internal.Conflicts;
import dev.sandbox4j.fs.internal.DefaultMounts;
import dev.sandbox4j.fs.internal.MinimalRoot;
import dev.sandbox4j.fs.internal.Preparation;
import dev.sandbox4j.fs.internal.RootValidation;
import dev.sandbox4j.fs.internal.SourcePath;
import dev.sandbox4j.fs.internal.StepOrder;
import dev.sandbox4j.fs.internal.TargetPath;
import dev.sandbox4j.fs.internal.WritableBindCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated, ordered list of filesystem steps plus the root they apply to.
 * The shim applies them in {@link #steps()} order, then pivots into the root.
 *
 * <pre>{@code
 * MountPlan plan = MountPlan.builder()
 *         .root(RootSource.directory(Path.of("/srv/rootfs"), false))
 *         .tmpfs("/tmp", 64 << 20, 01777)
 *         .bindReadOnly(Path.of("/srv/data"), "/data")
 *         .build();
 * try (PreparedMounts m = plan.prepare()) { ... spawn, wait ... }
 * }</pre>
 */
public record MountPlan(RootSource root, List<MountStep> steps) {
    /** Largest content of one {@code file(...)}: it travels inside the launch plan. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    public MountPlan {
        steps = List.copyOf(steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes the plan concrete on the host: resolves host paths, creates the
     * overlay work directories, unpacks a tar root. The new root's mount
     * point and the tmpfs for {@code file} contents are made by the shim in
     * the sandbox's own mount namespace, never on the host. Close the result
     * after the sandbox ended.
     */
    public PreparedMounts prepare() throws IOException {
        return prepare(-1, -1);
    }

    /**
     * As {@link #prepare()}; when {@code ownerUid} is not -1 the created
     * overlay work directories are given to that host uid/gid (the id the
     * sandbox's root maps to), so the shim can use them inside its user
     * namespace. Ids above 2^31-1 come as negative ints (unsigned 32-bit).
     */
    public PreparedMounts prepare(int ownerUid, int ownerGid) throws IOException {
        return Preparation.prepare(this, ownerUid, ownerGid);
    }

    /** Fails fast: every method checks its arguments, {@link #build()} checks the whole. */
    public static final class Builder {
        private RootSource root = RootSource.minimalHost();
        private final List<MountStep> explicit = new ArrayList<>();
        private boolean minimalDev;
        private boolean defaultMasks = true;
        private boolean defaultMounts = true;
        private boolean hostNetwork;
        private Path hostDev = Path.of("/dev");
        private Path hostRoot = Path.of("/");

        private Builder() {}

        /**
         * Takes over every setting of {@code other} (for a sandbox builder copied from an existing
         * definition); later calls add to them.
         *
         * @param other the builder to copy
         * @return this builder
         */
        public Builder copyFrom(Builder other) {
            root = other.root;
            explicit.clear();
            explicit.addAll(other.explicit);
            minimalDev = other.minimalDev;
            defaultMasks = other.defaultMasks;
            defaultMounts = other.defaultMounts;
            hostNetwork = other.hostNetwork;
            hostDev = other.hostDev;
            hostRoot = other.hostRoot;
            return this;
        }

        /** The root filesystem; {@link RootSource#minimalHost()} when not called. */
        public Builder root(RootSource source) {
            RootValidation.check(source);
            this.root = source;
            return this;
        }

        /**
         * Binds host {@code src} (with its submounts) at {@code dst}, writable.
         * No component of {@code src} may be a symlink: the bind is refused
         * naming it; pass {@code src.toRealPath()} to follow it deliberately.
         */
        public Builder bind(Path src, String dst) {
            return addBind(src, dst, false);
        }

        /** As {@link #bind(Path, String)}, read-only down to every submount. */
        public Builder bindReadOnly(Path src, String dst) {
            return addBind(src, dst, true);
        }

        private Builder addBind(Path src, String dst, boolean ro) {
            String what = ro ? "bindReadOnly" : "bind";
            TargetPath.checkNotRoot(what, dst);
            if (src == null) {
                throw new IllegalArgumentException(what + " source for " + dst + " is null; give a host path");
            }
            if (!ro) {
                // first: a host kernel tree reached through a link is named as what it is
                WritableBindCheck.check(what, src, dst);
            }
            Path abs = SourcePath.checkNoSymlink(what, src, dst);
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(what + " source " + src + " for " + dst
                        + " does not exist; give an existing host file or directory");
            }
            return add(new MountStep.Bind(abs, dst, ro));
        }

        /**
         * A tmpfs of at most {@code sizeBytes} (> 0) with the given permission
         * bits, holding at most {@link MountStep.Tmpfs#defaultInodes(long)} inodes.
         */
        public Builder tmpfs(String dst, long sizeBytes, int mode) {
            return tmpfs(dst, sizeBytes, mode, MountStep.Tmpfs.defaultInodes(Math.max(sizeBytes, 0)));
        }

        /**
         * A tmpfs of at most {@code sizeBytes} (> 0) and {@code inodes} (> 0)
         * files, directories and links, e.g. {@code tmpfs("/work", 256 << 20, 01777, 100_000)}
         * for many small files.
         */
        public Builder tmpfs(String dst, long sizeBytes, int mode, long inodes) {
            TargetPath.checkNotRoot("tmpfs", dst);
            if (sizeBytes <= 0) {
                throw new IllegalArgumentException("tmpfs size " + sizeBytes + " for " + dst
                        + " must be positive (bytes)");
            }
            if (inodes <= 0) {
                throw new IllegalArgumentException("tmpfs inode limit " + inodes + " for " + dst
                        + " must be positive (the number of files, directories and links it may hold)");
            }
            return add(new MountStep.Tmpfs(dst, sizeBytes, checkMode("tmpfs", dst, mode), false, inodes));
        }

        public Builder proc(String dst) {
            return add(new MountStep.Proc(TargetPath.checkNotRoot("proc", dst)));
        }

        /** A minimal /dev (null, zero, full, random, urandom, tty, pts, ptmx, shm, fd links). */
        public Builder minimalDev() {
            minimalDev = true;
            return this;
        }

        public Builder mqueue(String dst) {
            return add(new MountStep.Mqueue(TargetPath.checkNotRoot("mqueue", dst)));
        }

        public Builder symlink(String linkTarget, String dst) {
            TargetPath.checkNotRoot("symlink", dst);
            if (linkTarget == null || linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("symlink at " + dst + " needs a non-empty link target"
                        + " without NUL; got '" + linkTarget + "'");
            }
            return add(new MountStep.Symlink(linkTarget, dst));
        }

        public Builder dir(String dst, int mode) {
            TargetPath.checkNotRoot("dir", dst);
            return add(new MountStep.Dir(dst, checkMode("dir", dst, mode)));
        }

        /** A private file (e.g. /etc/hosts); the host and the root are never written. */
        public Builder file(String dst, byte[] content, int mode) {
            TargetPath.checkNotRoot("file", dst);
            if (content.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("file " + dst + " has " + content.length
                        + " bytes; at most " + MAX_FILE_BYTES + " (bind a host file instead)");
            }
            return add(new MountStep.File(dst, content, checkMode("file", dst, mode)));
        }

        /** Makes {@code dst} and everything mounted below it read-only, after all mounts. */
        public Builder remountReadOnly(String dst) {
            return add(new MountStep.RemountReadOnly(TargetPath.check("remountReadOnly", dst), true));
        }

        /**
         * An overlay at {@code dst}: {@code lowers} top-most first, writes
         * kept in {@code upper} (an existing directory on a filesystem where
         * a work directory can be created beside it).
         */
        public Builder overlay(List<Path> lowers, Path upper, String dst) {
            TargetPath.checkNotRoot("overlay", dst);
            RootValidation.checkOverlay("overlay at " + dst, lowers, upper);
            return add(new MountStep.Overlay(normalize(lowers), upper.toAbsolutePath().normalize(), dst));
        }

        public Builder maskPath(String path) {
            return add(new MountStep.Mask(TargetPath.checkNotRoot("maskPath", path)));
        }

        public Builder readOnlyPath(String path) {
            return add(new MountStep.ReadOnlyPath(TargetPath.checkNotRoot("readOnlyPath", path)));
        }

        /** runc's masked and read-only /proc and /sys paths; on by default. */
        public Builder defaultMasks(boolean on) {
            defaultMasks = on;
            return this;
        }

        /**
         * A fresh /proc and a minimal /dev (and for the host roots a 64 MiB
         * /tmp; for the minimal root also the host's /usr, /etc, /bin, /sbin,
         * /lib*, an empty /run and the sandbox's /sys), each unless the caller
         * mounts something at that target; on by default. Off, the minimal
         * root is an empty tmpfs holding only what the caller mounts.
         */
        public Builder defaultMounts(boolean on) {
            defaultMounts = on;
            return this;
        }

        /**
         * Whether the sandbox shares the host's network namespace: the
         * minimal root's /sys is then the host's, bound read-only with
         * runc's masks, since a user namespace cannot mount sysfs for a
         * network namespace it does not own. Off by default (a fresh sysfs).
         */
        public Builder hostNetwork(boolean shared) {
            hostNetwork = shared;
            return this;
        }

        /** Where the host's root is, for the minimal root's content (tests). */
        Builder hostRoot(Path dir) {
            hostRoot = dir;
            return this;
        }

        /** Where the host's device nodes are (tests). */
        Builder hostDev(Path dir) {
            hostDev = dir;
            return this;
        }

        private Builder add(MountStep step) {
            List<MountStep> with = new ArrayList<>(explicit);
            with.add(step);
            Conflicts.check(with);
            if (!with.subList(0, explicit.size()).contains(step)) {
                explicit.add(step);
            }
            return this;
        }

        public MountPlan build() {
            RootValidation.check(root);
            Set<String> taken = new HashSet<>();
            explicit.forEach(s -> taken.add(s.target()));
            List<MountStep> all = new ArrayList<>(explicit);
            boolean minimal = root instanceof RootSource.MinimalHost;
            if (minimal && defaultMounts) {
                MinimalRoot.hostContent(hostRoot).stream().filter(s -> !taken.contains(s.target())).forEach(all::add);
                MinimalRoot.runAndSys(hostNetwork).stream().filter(s -> !taken.contains(s.target()))
                        .forEach(all::add);
            }
            if (defaultMounts || minimalDev) {
                List<MountStep> dev = DefaultMounts.minimalDev("/dev", hostDev);
                if (!taken.contains("/dev")) {
                    dev.stream().filter(s -> !taken.contains(s.target())).forEach(all::add);
                }
            }
            if (defaultMounts && !taken.contains("/proc")) {
                all.add(new MountStep.Proc("/proc"));
            }
            if (defaultMounts && (root instanceof RootSource.HostReadOnly || minimal) && !taken.contains("/tmp")) {
                all.add(new MountStep.Tmpfs("/tmp", DefaultMounts.TMP_BYTES, 01777, false));
            }
            if (defaultMasks) {
                DefaultMounts.masks().stream().filter(s -> !all.contains(s)).forEach(all::add);
            }
            Conflicts.check(all);
            return new MountPlan(root, StepOrder.order(all));
        }

        private static int checkMode(String what, String dst, int mode) {
            if (mode < 0 || mode > 07777) {
                throw new IllegalArgumentException(what + " mode 0" + Integer.toOctalString(mode) + " for " + dst
                        + " is not a permission mode; use 0 to 07777 (e.g. 01777)");
            }
            return mode;
        }

        private static List<Path> normalize(List<Path> paths) {
            return paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        }
    }
}
