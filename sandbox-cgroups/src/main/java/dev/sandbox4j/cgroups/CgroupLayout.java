package dev.sandbox4j.cgroups;

/**
 * How the host mounts cgroups, as found in {@code /proc/self/mountinfo}.
 *
 * <pre>{@code
 * if (CgroupHost.detect().layout() == CgroupLayout.HYBRID) { ... v1 controllers, unused cgroup2 mount ... }
 * }</pre>
 */
public enum CgroupLayout {
    /** Only cgroup v2, one hierarchy at (usually) {@code /sys/fs/cgroup}. */
    UNIFIED,
    /** Only cgroup v1, one hierarchy per controller (or per co-mounted group of controllers). */
    LEGACY,
    /** v1 controller hierarchies plus a cgroup2 mount; controllers mounted on v1 are used there. */
    HYBRID,
    /** No cgroup filesystem is mounted where this process can see it. */
    NONE
}
