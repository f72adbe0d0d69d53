package dev.sandbox4j.cgroups;

import java.util.Optional;

/**
 * A cgroup controller this library uses, with its v1 mount option name and its v2 name.
 *
 * <p>{@link #CPUACCT} and {@link #FREEZER} exist only as v1 controllers; on v2 their jobs are done by
 * the core ({@code cpu.stat}, {@code cgroup.freeze}), so {@link #v2Name()} is empty for them.
 *
 * <pre>{@code
 * Controller.IO.v1Name();   // "blkio"
 * Controller.IO.v2Name();   // Optional["io"]
 * }</pre>
 */
public enum Controller {
    /** Memory limit and accounting. */
    MEMORY("memory", "memory"),
    /** CPU bandwidth (quota) and weight. */
    CPU("cpu", "cpu"),
    /** CPU usage accounting (v1 only). */
    CPUACCT("cpuacct", null),
    /** Which CPUs and memory nodes may be used. */
    CPUSET("cpuset", "cpuset"),
    /** Number of tasks. */
    PIDS("pids", "pids"),
    /** Block I/O throttling ({@code blkio} on v1, {@code io} on v2). */
    IO("blkio", "io"),
    /** Freezing (v1 only; v2 has {@code cgroup.freeze} in the core). */
    FREEZER("freezer", null);

    private final String v1Name;
    private final String v2Name;

    Controller(String v1Name, String v2Name) {
        this.v1Name = v1Name;
        this.v2Name = v2Name;
    }

    /** The name in a v1 mount's super options, e.g. {@code blkio}. */
    public String v1Name() {
        return v1Name;
    }

    /** The name in v2 {@code cgroup.controllers}, empty when the controller has no v2 counterpart. */
    public Optional<String> v2Name() {
        return Optional.ofNullable(v2Name);
    }

    /** The controller with this v1 name, if any. */
    public static Optional<Controller> ofV1Name(String name) {
        for (Controller c : values()) {
            if (c.v1Name.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The controller with this v2 name, if any. */
    public static Optional<Controller> ofV2Name(String name) {
        for (Controller c : values()) {
            if (name.equals(c.v2Name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
