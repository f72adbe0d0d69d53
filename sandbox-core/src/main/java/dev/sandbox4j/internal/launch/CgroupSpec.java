package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.CgroupLimits;
import java.nio.file.Path;

/**
 * The cgroup a sandbox asked for, by setting limits or {@code accounting()};
 * a sandbox without one has none ({@link LaunchSpec#cgroup()} is null), and
 * a sandbox with one never runs without it.
 *
 * @param limits what to limit (empty: accounting only)
 * @param parent where to create it; null for the host's default
 */
public record CgroupSpec(CgroupLimits limits, Path parent) {}
