package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a writable bind (or a writable root) that would let the program
 * change the host's kernel interfaces or its whole tree: a target at or
 * below {@code /proc}, {@code /sys} or {@code /dev} inside the sandbox (the
 * sandbox's own proc, sysfs and device nodes live there, and a host tree
 * bound writable over them is the classic escape), and a host source that is
 * {@code /} or at or below {@code /proc}, {@code /sys} or {@code /dev}
 * (writing the host's {@code /proc/sys} or {@code /sys} reconfigures the
 * host). The source is judged by its real path, so a symlink or {@code /.}
 * spelling changes nothing. Read-only binds of them stay allowed; device
 * nodes stay writable through a read-only bind, which only stops changing
 * the tree.
 */
public final class WritableBindCheck {
    /** Kernel interfaces and devices: never writable from a sandbox, as a source or a target. */
    static final List<String> KERNEL_TREES = List.of("/proc", "/sys", "/dev");

    private WritableBindCheck() {}

    /** For {@code bind(src, dst)}; {@code src} exists. */
    public static void check(String what, Path src, String dst) {
        for (String tree : KERNEL_TREES) {
            if (dst.equals(tree) || TargetPath.isBelow(dst, tree)) {
                throw new IllegalArgumentException(what + " target " + dst + " is " + (dst.equals(tree) ? "" : "below ")
                        + tree + ", where the sandbox's own kernel interfaces and devices live: a writable bind"
                        + " there is refused; use bindReadOnly(" + src + ", \"" + dst + "\")");
            }
        }
        String real = real(src);
        if (hostKernelOrRoot(real)) {
            throw new IllegalArgumentException(what + " source " + src + (real.equals(src.toString()) ? "" : " (" + real
                    + ")") + " is " + describe(real) + ": writable, it would let the program change the host;"
                    + " use bindReadOnly(" + src + ", \"" + dst + "\") or bind a directory of your own");
        }
    }

    /** For a writable {@code rootfs(dir, true)}. */
    public static void checkRoot(Path dir) {
        String real = real(dir);
        if (hostKernelOrRoot(real)) {
            throw new IllegalArgumentException("rootfs " + dir + (real.equals(dir.toString()) ? "" : " (" + real + ")")
                    + " writable is " + describe(real) + ": the program could change the host; use"
                    + " hostRootReadOnly(), rootfs(dir, false), or a writable copy or overlayRoot(...)");
        }
    }

    static boolean hostKernelOrRoot(String real) {
        return real.equals("/") || KERNEL_TREES.stream().anyMatch(t -> real.equals(t) || TargetPath.isBelow(real, t));
    }

    private static String describe(String real) {
        return real.equals("/") ? "the host's root" : "the host's " + real.substring(0, real.indexOf('/', 1) < 0
                ? real.length() : real.indexOf('/', 1)) + " or below it";
    }

    /** The real path; when it cannot be had (raced away), the normalised absolute one. */
    private static String real(Path p) {
        try {
            return p.toAbsolutePath().toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }
}
