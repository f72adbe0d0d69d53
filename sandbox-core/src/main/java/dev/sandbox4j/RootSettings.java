package dev.sandbox4j;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.RootSource;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link SandboxBuilder}'s choice of root filesystem; the mounts over it are {@link MountSettings}'.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class RootSettings<B extends RootSettings<B>> extends IdentitySettings<B> {
    private final MountPlan.Builder mounts = MountPlan.builder();
    private boolean mountsChanged; // set by every filesystem setting: they need a mount namespace
    private String root;
    private RootSource rootSource = RootSource.minimalHost();

    RootSettings(SandboxRuntime runtime) {
        super(runtime);
    }

    RootSettings(RootSettings<?> base) {
        super(base);
        mounts.copyFrom(base.mounts);
        mountsChanged = base.mountsChanged;
        root = inherit("rootfs", base.root);
        rootSource = base.rootSource;
    }

    /** The mount plan, for a setting that changes it (which then needs a mount namespace). */
    final MountPlan.Builder mounts() {
        mountsChanged = true;
        return mounts;
    }

    /** A copy of the mount plan as set so far, whether any filesystem setting was made, and the root. */
    final MountPlan.Builder mountsCopy() {
        return MountPlan.builder().copyFrom(mounts);
    }

    final boolean mountsChanged() {
        return mountsChanged;
    }

    final RootSource rootSource() {
        return rootSource;
    }

    /**
     * A directory as the root filesystem, read-only.
     *
     * @param dir the host directory
     * @return this builder
     */
    public B rootfs(Path dir) {
        return rootfs(dir, false);
    }

    /**
     * A directory as the root filesystem; {@code writable} lets the program change it (never the host's {@code /}).
     *
     * @param dir the host directory
     * @param writable whether the program may change it
     * @return this builder
     */
    public B rootfs(Path dir, boolean writable) {
        return root(RootSource.directory(dir, writable), dir + (writable ? " (writable)" : ""));
    }

    /**
     * The host's whole {@code /}, read-only, with a private /proc, /dev and /tmp,
     * instead of the default minimal root. It exposes a lot: the program can
     * connect to every host unix socket and open every FIFO its uid may use
     * (read-only does not stop either), and read every file the sandbox's uid
     * may read; rootless that is the caller's uid, so {@code ~/.ssh} too.
     * Prefer the default and {@link SandboxBuilder#bindReadOnly(Path, String)} what the
     * program needs, e.g. {@code bindReadOnly(Path.of("/opt/tool"), "/opt/tool")}.
     *
     * @return this builder
     */
    public B hostRootReadOnly() {
        return root(RootSource.hostReadOnly(), "the host root, read-only");
    }

    /**
     * A root unpacked from a {@code docker export} tarball, an OCI image layout or
     * a {@code docker save} archive, cached by content under
     * {@code ~/.cache/sandbox4j/rootfs} ({@code /var/cache/sandbox4j/rootfs} as root,
     * since root inside maps to {@code nobody}, who cannot enter {@code /root}).
     * Needs the optional dependency {@code org.apache.commons:commons-compress}
     * (the library itself needs only the JDK); without it this call throws
     * {@code IllegalStateException} naming the artifact to add.
     *
     * @param archive the archive file
     * @return this builder
     */
    public B rootfsFromTar(Path archive) {
        return rootfsFromTar(archive, UnpackLimits.defaults());
    }

    /**
     * As {@link SandboxBuilder#rootfsFromTar(Path)}, unpacking within {@code limits} instead of the defaults.
     *
     * @param archive the archive file
     * @param limits  the bounds on the unpack
     * @return this builder
     */
    public B rootfsFromTar(Path archive, UnpackLimits limits) {
        return root(RootSource.fromTar(archive, cacheDir().resolve("rootfs"), limits.toImageLimits()),
                "tar " + archive);
    }

    /**
     * An overlay root: {@code lowers} (top-most first) stay untouched, the
     * program's writes land in {@code upper}; {@link SandboxResult#changes()}
     * lists them afterwards.
     *
     * @param lowers the read-only layers, top-most first
     * @param upper the directory that receives the writes
     * @return this builder
     */
    public B overlayRoot(List<Path> lowers, Path upper) {
        return root(RootSource.overlay(lowers, upper), "overlay " + lowers + " + " + upper);
    }

    private B root(RootSource source, String description) {
        once("rootfs", root);
        mounts().root(source);
        rootSource = source;
        root = description;
        return self();
    }

    private Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "sandbox4j");
        }
        return runtime.sys().geteuid() == 0 ? Path.of("/var/cache/sandbox4j")
                : Path.of(System.getProperty("user.home"), ".cache", "sandbox4j");
    }
}
