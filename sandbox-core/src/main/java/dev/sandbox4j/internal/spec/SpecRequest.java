package dev.sandbox4j.internal.spec;

import dev.sandbox4j.Capability;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.RootSource;
import dev.sandbox4j.internal.ids.IdMap;
import dev.sandbox4j.internal.launch.TerminalChoice;
import dev.sandbox4j.units.MemorySize;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link SpecResolver} resolves: the builder's settings as the caller made them (null where a
 * setting was not made), grouped as the builder groups its setters, and the caller's effective ids.
 * Nothing here is checked against anything else yet; the mutable builders inside are copies the
 * resolver may change.
 *
 * @param euid the caller's effective uid (0: as root)
 * @param egid the caller's effective gid
 */
public record SpecRequest(int euid, int egid, Process process, Identity identity, Filesystem filesystem,
        Cgroup cgroup, Budgets budgets, Hardening hardening) {

    /** The program: command, environment, directory, stdio, terminal, time limits. */
    public record Process(List<String> command, Map<String, String> env, String workDir, Redirect stdin,
            Redirect stdout, Redirect stderr, Boolean redirectErrorStream, Duration timeout, Duration killGrace,
            TerminalChoice terminal) {
        public Process {
            env = Map.copyOf(env);
        }

        /** Some stdio redirect was set (a terminal refuses them). */
        boolean redirected() {
            return stdin != null || stdout != null || stderr != null || redirectErrorStream != null;
        }

        Redirect out() {
            return stdout != null ? stdout : Redirect.PIPE;
        }

        Redirect err() {
            return stderr != null ? stderr : Redirect.PIPE;
        }

        boolean merged() {
            return Boolean.TRUE.equals(redirectErrorStream);
        }
    }

    /** Namespaces (true: new, false: shared; absent: the default, new), network, hostname and ids. */
    public record Identity(Map<Namespace, Boolean> namespaces, String hostname, Network network, Integer uid,
            Integer gid, long[] hostIdRange, Long hostIdsPerSandbox, List<IdMap.Extent> idMap) {
        public Identity {
            namespaces = Map.copyOf(namespaces);
            idMap = List.copyOf(idMap);
        }
    }

    /**
     * @param mounts     the mount plan so far (a copy)
     * @param changed    some filesystem setting was made: they need a mount namespace
     * @param procAtProc the caller mounted a proc at /proc
     */
    public record Filesystem(MountPlan.Builder mounts, RootSource root, boolean changed, boolean procAtProc,
            List<Path> workspaces) {
        public Filesystem {
            workspaces = List.copyOf(workspaces);
        }
    }

    /** @param limited some limit was set (a copy of the limits' builder) */
    public record Cgroup(CgroupLimits.Builder limits, boolean limited, Path parent, boolean accounting) {}

    /** @param perProcessCpuTime {@code allowPerProcessCpuTimeLimit()} */
    public record Budgets(Duration cpuTimeLimit, boolean perProcessCpuTime, MemorySize stdoutLimit,
            MemorySize stderrLimit, MemorySize outputLimit) {}

    /** @param seccompSet whether {@code seccomp(...)} was called ({@code seccomp} null then means none) */
    public record Hardening(boolean seccompSet, SeccompProfile seccomp, Set<Capability> capabilities,
            Boolean noNewPrivs, Map<ResourceLimit, long[]> rlimits, List<Integer> passFds) {
        public Hardening {
            passFds = List.copyOf(passFds);
        }
    }
}
