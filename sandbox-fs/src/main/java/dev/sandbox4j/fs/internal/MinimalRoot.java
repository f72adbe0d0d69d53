package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that fill the default root (a private tmpfs) with what programs
 * need of the host, read-only, and nothing else: /usr, /etc, the library
 * and binary directories as the host has them, an empty /run and the
 * sandbox's /sys.
 */
public final class MinimalRoot {
    private static final System.Logger LOG = System.getLogger(MinimalRoot.class.getName());

    /** Bound read-only from the host. */
    public static final List<String> BOUND = List.of("usr", "etc");

    /** Taken as the host has them: the same symlink (merged /usr) or a read-only bind; skipped when absent. */
    public static final List<String> AS_ON_HOST = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");

    /** The root tmpfs holds only mount points and links: directories and empty files take no pages. */
    public static final long ROOT_BYTES = 1L << 20;
    public static final long RUN_BYTES = 16L << 20;

    private MinimalRoot() {}

    /** The host's /usr, /etc and the /bin, /lib... entries, read-only, from {@code hostRoot}. */
    public static List<MountStep> hostContent(Path hostRoot) {
        List<MountStep> out = new ArrayList<>();
        for (String name : BOUND) {
            Path host = HostEntry.real(hostRoot.resolve(name));
            if (host == null) {
                throw new IllegalStateException("the host has no " + hostRoot.resolve(name) + " for the sandbox's "
                        + "minimal root; choose another root (rootfs(dir), hostRootReadOnly())");
            }
            out.add(new MountStep.Bind(host, "/" + name, true));
        }
        for (String name : AS_ON_HOST) {
            Path host = hostRoot.resolve(name);
            if (Files.isSymbolicLink(host)) {
                out.add(new MountStep.Symlink(readLink(host), "/" + name));
            } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                out.add(new MountStep.Bind(host, "/" + name, true));
            } else {
                LOG.log(Level.DEBUG, "host has no {0}; the sandbox's root goes without it", host);
            }
        }
        return out;
    }

    /**
     * An empty /run and the sandbox's /sys: a fresh read-only sysfs of its
     * network namespace (an empty read-only tmpfs where the kernel refuses
     * one, inside a container that masks parts of its own /sys), or, when
     * the host's network namespace is shared, the host's /sys bound
     * read-only (a user namespace may only mount sysfs for a network
     * namespace it owns, and a fresh one would show the host's devices
     * anyway). runc's /sys masks apply to both.
     */
    public static List<MountStep> runAndSys(boolean hostNetwork) {
        return List.of(new MountStep.Tmpfs("/run", RUN_BYTES, 0755, false),
                hostNetwork ? new MountStep.Bind(Path.of("/sys"), "/sys", true) : new MountStep.Sysfs("/sys", true));
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host's symlink " + link + " for the sandbox's root", e);
        }
    }
}
