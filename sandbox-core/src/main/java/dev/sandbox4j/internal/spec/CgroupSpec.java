package dev.sandbox4j.internal.spec;

import dev.sandbox4j.cgroups.CgroupLimits;
import java.nio.file.Path;

/**
 * The cgroup a sandbox asked for, by setting limits, {@code accounting()} or a
 * {@code cpuTimeLimit} (measured on the cgroup); a sandbox without one has none
 * ({@link LaunchSpec#cgroup()} is null), and a sandbox with one never runs
 * without it, unless {@code optional}.
 *
 * @param limits   what to limit (empty: accounting only)
 * @param parent   where to create it; null for the host's default
 * @param optional wanted only to measure a {@code cpuTimeLimit} whose caller allowed the per-process
 *                 RLIMIT_CPU fallback: where none can be created the sandbox runs without one
 */
public record CgroupSpec(CgroupLimits limits, Path parent, boolean optional) {
    public CgroupSpec(CgroupLimits limits, Path parent) {
        this(limits, parent, false);
    }
}
