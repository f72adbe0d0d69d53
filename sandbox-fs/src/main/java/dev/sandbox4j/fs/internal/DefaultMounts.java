package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.MountStep;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fixed sets of steps: runc's masked and read-only paths, a minimal /dev. */
public final class DefaultMounts {
    private static final System.Logger LOG = System.getLogger(DefaultMounts.class.getName());

    /** runc's default masked paths. */
    public static final List<String> MASKED = List.of(
            "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** runc's default read-only paths. */
    public static final List<String> READ_ONLY = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** Nodes bound from the host's /dev: mknod is impossible in a user namespace. */
    public static final List<String> DEV_NODES = List.of("null", "zero", "full", "random", "urandom", "tty");

    public static final long DEV_TMPFS_BYTES = 64L << 10;
    public static final long SHM_BYTES = 64L << 20;
    public static final long TMP_BYTES = 64L << 20;

    private DefaultMounts() {}

    public static List<MountStep> masks() {
        List<MountStep> out = new ArrayList<>();
        MASKED.forEach(p -> out.add(new MountStep.Mask(p)));
        READ_ONLY.forEach(p -> out.add(new MountStep.ReadOnlyPath(p)));
        return out;
    }

    /**
     * A minimal /dev at {@code dev}: a small noexec tmpfs, the host's safe
     * nodes bound in, a private devpts with /dev/ptmx pointing into it, a
     * private /dev/shm and the fd links. Host nodes that are missing (a
     * container without /dev/tty) are left out and logged; a node that is a
     * symlink in the host's root-owned /dev is bound as what it points to
     * (bind sources are never followed through links).
     */
    public static List<MountStep> minimalDev(String dev, Path hostDev) {
        List<MountStep> out = new ArrayList<>();
        out.add(new MountStep.Tmpfs(dev, DEV_TMPFS_BYTES, 0755, true));
        for (String n : DEV_NODES) {
            Path host = HostEntry.real(hostDev.resolve(n));
            if (host != null) {
                out.add(new MountStep.Bind(host, dev + "/" + n, false));
            } else {
                LOG.log(Level.DEBUG, "host has no {0}; the sandbox's {1} goes without it", host, dev);
            }
        }
        out.add(new MountStep.Devpts(dev + "/pts"));
        out.add(new MountStep.Symlink("pts/ptmx", dev + "/ptmx"));
        out.add(new MountStep.Tmpfs(dev + "/shm", SHM_BYTES, 01777, true));
        out.add(new MountStep.Symlink("/proc/self/fd", dev + "/fd"));
        out.add(new MountStep.Symlink("/proc/self/fd/0", dev + "/stdin"));
        out.add(new MountStep.Symlink("/proc/self/fd/1", dev + "/stdout"));
        out.add(new MountStep.Symlink("/proc/self/fd/2", dev + "/stderr"));
        return out;
    }
}
