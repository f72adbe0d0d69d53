package dev.sandbox4j.internal.launch;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.internal.ids.IdPolicy;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything decided about one sandbox, validated and with defaults
 * resolved; {@code Sandbox} builds it, the launcher and the plan encoder
 * read it.
 *
 * @param hostUid the host uid that {@code uid} maps to (user namespace only)
 * @param hostGid likewise for {@code gid}
 * @param timeout null for none
 * @param mounts  the filesystem plan; null when the mount namespace is shared
 * @param cgroup  the cgroup to create; null for none
 * @param idPolicy as root with a user namespace: where its host ids come from; null otherwise
 * @param network the sandbox's network; its mode agrees with whether {@code namespaces} has NET
 * @param terminal the sandbox's own terminal as stdin, stdout and stderr; null for none
 */
public record LaunchSpec(
        List<String> command,
        Set<Namespace> namespaces,
        String hostname,
        boolean rootless,
        int uid,
        int gid,
        int hostUid,
        int hostGid,
        boolean changeIds,
        Map<String, String> environment,
        String workDir,
        Redirect stdin,
        Redirect stdout,
        Redirect stderr,
        boolean redirectErrorStream,
        Duration timeout,
        Duration killGrace,
        MountPlan mounts,
        CgroupSpec cgroup,
        HardeningSpec hardening,
        IdPolicy idPolicy,
        Network network,
        TerminalSpec terminal) {

    /** Without a terminal. */
    public LaunchSpec(List<String> command, Set<Namespace> namespaces, String hostname, boolean rootless, int uid,
            int gid, int hostUid, int hostGid, boolean changeIds, Map<String, String> environment, String workDir,
            Redirect stdin, Redirect stdout, Redirect stderr, boolean redirectErrorStream, Duration timeout,
            Duration killGrace, MountPlan mounts, CgroupSpec cgroup, HardeningSpec hardening, IdPolicy idPolicy,
            Network network) {
        this(command, namespaces, hostname, rootless, uid, gid, hostUid, hostGid, changeIds, environment, workDir,
                stdin, stdout, stderr, redirectErrorStream, timeout, killGrace, mounts, cgroup, hardening, idPolicy,
                network, null);
    }

    /** Without a terminal and with the network the NET namespace choice says ({@code none} or {@code host}). */
    public LaunchSpec(List<String> command, Set<Namespace> namespaces, String hostname, boolean rootless, int uid,
            int gid, int hostUid, int hostGid, boolean changeIds, Map<String, String> environment, String workDir,
            Redirect stdin, Redirect stdout, Redirect stderr, boolean redirectErrorStream, Duration timeout,
            Duration killGrace, MountPlan mounts, CgroupSpec cgroup, HardeningSpec hardening, IdPolicy idPolicy,
            TerminalSpec terminal) {
        this(command, namespaces, hostname, rootless, uid, gid, hostUid, hostGid, changeIds, environment, workDir,
                stdin, stdout, stderr, redirectErrorStream, timeout, killGrace, mounts, cgroup, hardening, idPolicy,
                namespaces.contains(Namespace.NET) ? Network.none() : Network.host(), terminal);
    }

    public LaunchSpec {
        command = List.copyOf(command);
        namespaces = Set.copyOf(namespaces);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(network, "network");
        if (namespaces.contains(Namespace.MOUNT) != (mounts != null)) { // the shim mounts only through a plan
            throw new IllegalArgumentException(mounts == null ? "a new mount namespace needs a mount plan"
                    : "a mount plan needs a new mount namespace");
        }
    }

    /** Without a network setting: what the NET namespace choice says ({@code none} or {@code host}). */
    public LaunchSpec(List<String> command, Set<Namespace> namespaces, String hostname, boolean rootless, int uid,
            int gid, int hostUid, int hostGid, boolean changeIds, Map<String, String> environment, String workDir,
            Redirect stdin, Redirect stdout, Redirect stderr, boolean redirectErrorStream, Duration timeout,
            Duration killGrace, MountPlan mounts, CgroupSpec cgroup, HardeningSpec hardening, IdPolicy idPolicy) {
        this(command, namespaces, hostname, rootless, uid, gid, hostUid, hostGid, changeIds, environment, workDir,
                stdin, stdout, stderr, redirectErrorStream, timeout, killGrace, mounts, cgroup, hardening, idPolicy,
                namespaces.contains(Namespace.NET) ? Network.none() : Network.host(), null);
    }

    /** This spec with {@code h} for its hardening (see {@link CpuRlimit#settle}). */
    LaunchSpec withHardening(HardeningSpec h) {
        return new LaunchSpec(command, namespaces, hostname, rootless, uid, gid, hostUid, hostGid, changeIds, environment,
                workDir, stdin, stdout, stderr, redirectErrorStream, timeout, killGrace, mounts, cgroup, h, idPolicy,
                network, terminal);
    }

    public boolean has(Namespace ns) {
        return namespaces.contains(ns);
    }
}
