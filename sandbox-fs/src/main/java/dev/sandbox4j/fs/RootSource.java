package dev.sandbox4j.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the sandbox's root filesystem comes from.
 *
 * <pre>{@code
 * MountPlan.builder().root(RootSource.minimalHost())   // the default
 *         .bindReadOnly(Path.of("/opt/tool"), "/opt/tool")
 *         .build();
 * }</pre>
 */
public sealed interface RootSource {

    /**
     * The default: a private tmpfs, read-only once built, holding only what
     * programs need, from the host and read-only: {@code /usr}, {@code /etc},
     * and {@code /bin}, {@code /sbin}, {@code /lib}, {@code /lib64},
     * {@code /lib32}, {@code /libx32} as the host has them (the same symlinks
     * on a merged-/usr host, read-only binds otherwise); plus a fresh
     * {@code /proc}, a minimal {@code /dev}, a tmpfs {@code /tmp}, an empty
     * tmpfs {@code /run} and a read-only {@code /sys}. Nothing else of the
     * host (no {@code /home}, {@code /root}, {@code /var}, {@code /opt}, host
     * {@code /run} or {@code /tmp}); bind in what the program needs. A bind,
     * file or tmpfs target missing in the root is created there.
     */
    record MinimalHost() implements RootSource {}

    /** A host directory; read-only unless {@code writable}. */
    record Directory(Path dir, boolean writable) implements RootSource {}

    /**
     * The host's {@code /}, read-only throughout, with private /proc, /dev and
     * /tmp. Read-only does not stop a program from connecting to the host's
     * unix sockets or opening its FIFOs, nor from reading every file the
     * sandbox's uid may read (rootless: every file of the caller's, its
     * {@code ~/.ssh} included). Prefer {@link #minimalHost()} with binds.
     */
    record HostReadOnly() implements RootSource {}

    /** An overlay of {@code lowers} (top-most first) with writes kept in {@code upper}. */
    record Overlay(List<Path> lowers, Path upper) implements RootSource {
        public Overlay {
            lowers = List.copyOf(lowers);
        }
    }

    /**
     * A {@code docker export} tarball, an OCI image layout or a {@code docker save}
     * archive, unpacked (once per archive content) under {@code cacheDir}; read-only.
     * Unpacking stops at {@code limits} (see {@link ImageLimits#defaults()}).
     */
    record Tar(Path archive, Path cacheDir, ImageLimits limits) implements RootSource {
        public Tar {
            Objects.requireNonNull(limits, "limits");
        }

        /** With {@link ImageLimits#defaults()}. */
        public Tar(Path archive, Path cacheDir) {
            this(archive, cacheDir, ImageLimits.defaults());
        }
    }

    static RootSource directory(Path dir, boolean writable) {
        return new Directory(dir, writable);
    }

    /** See {@link MinimalHost}: the default root. */
    static RootSource minimalHost() {
        return new MinimalHost();
    }

    /** See {@link HostReadOnly}: every host file the sandbox's uid may read, and the host's sockets. */
    static RootSource hostReadOnly() {
        return new HostReadOnly();
    }

    static RootSource overlay(List<Path> lowers, Path upper) {
        return new Overlay(lowers, upper);
    }

    /**
     * A tar root; needs the optional dependency {@code org.apache.commons:commons-compress}.
     *
     * @throws IllegalStateException naming the artifact to add when it is missing
     */
    static RootSource fromTar(Path archive, Path cacheDir) {
        dev.sandbox4j.fs.internal.ArchiveSupport.require("rootfsFromTar " + archive);
        return new Tar(archive, cacheDir);
    }

    /**
     * A tar root unpacked within {@code limits}; needs {@code org.apache.commons:commons-compress}.
     *
     * @throws IllegalStateException naming the artifact to add when it is missing
     */
    static RootSource fromTar(Path archive, Path cacheDir, ImageLimits limits) {
        dev.sandbox4j.fs.internal.ArchiveSupport.require("rootfsFromTar " + archive);
        return new Tar(archive, cacheDir, limits);
    }
}
