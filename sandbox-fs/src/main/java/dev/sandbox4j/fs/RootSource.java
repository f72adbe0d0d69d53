package dev.sandbox4j.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Where the sandbox's root filesystem comes from. */
public sealed interface RootSource {

    /** A host directory; read-only unless {@code writable}. */
    record Directory(Path dir, boolean writable) implements RootSource {}

    /** The host's {@code /}, read-only throughout, with private /proc, /dev and /tmp. */
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

    static RootSource hostReadOnly() {
        return new HostReadOnly();
    }

    static RootSource overlay(List<Path> lowers, Path upper) {
        return new Overlay(lowers, upper);
    }

    static RootSource fromTar(Path archive, Path cacheDir) {
        return new Tar(archive, cacheDir);
    }

    static RootSource fromTar(Path archive, Path cacheDir, ImageLimits limits) {
        return new Tar(archive, cacheDir, limits);
    }
}
