package dev.sandbox4j.internal.spec;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.internal.ids.IdPolicy;
import dev.sandbox4j.internal.launch.TerminalSpec;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything decided about one sandbox, validated and with defaults resolved: what
 * {@link SpecResolver} makes of the builder's settings; host preparation, the plan encoder and
 * the shim client read it. Make one with {@link #builder()} (or {@link #toBuilder()} of another),
 * never with the positional constructor:
 *
 * <pre>{@code
 * LaunchSpec spec = LaunchSpec.builder().command(List.of("/bin/true")).namespaces(Set.of(Namespace.PID)).build();
 * LaunchSpec toFile = spec.toBuilder().stdout(Redirect.to(file)).build();
 * }</pre>
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

    /** A builder with nothing decided: no namespace, no mounts, no cgroup, no hardening, stdio piped. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's every component, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.command = command;
        b.namespaces = namespaces;
        b.hostname = hostname;
        b.rootless = rootless;
        b.uid = uid;
        b.gid = gid;
        b.hostUid = hostUid;
        b.hostGid = hostGid;
        b.changeIds = changeIds;
        b.environment = environment;
        b.workDir = workDir;
        b.stdin = stdin;
        b.stdout = stdout;
        b.stderr = stderr;
        b.redirectErrorStream = redirectErrorStream;
        b.timeout = timeout;
        b.killGrace = killGrace;
        b.mounts = mounts;
        b.cgroup = cgroup;
        b.hardening = hardening;
        b.idPolicy = idPolicy;
        b.network = network;
        b.terminal = terminal;
        return b;
    }

    public boolean has(Namespace ns) {
        return namespaces.contains(ns);
    }

    /** Assigns components by name; {@link #build()} checks them as the record does. */
    public static final class Builder {
        private List<String> command = List.of();
        private Set<Namespace> namespaces = Set.of();
        private String hostname = "sandbox";
        private boolean rootless;
        private int uid;
        private int gid;
        private int hostUid = -1;
        private int hostGid = -1;
        private boolean changeIds;
        private Map<String, String> environment = Map.of();
        private String workDir;
        private Redirect stdin = Redirect.PIPE;
        private Redirect stdout = Redirect.PIPE;
        private Redirect stderr = Redirect.PIPE;
        private boolean redirectErrorStream;
        private Duration timeout;
        private Duration killGrace = Duration.ofSeconds(2);
        private MountPlan mounts;
        private CgroupSpec cgroup;
        private HardeningSpec hardening = HardeningSpec.NONE;
        private IdPolicy idPolicy;
        private Network network; // null: what the NET namespace choice says
        private TerminalSpec terminal;

        private Builder() {}

        public Builder command(List<String> v) { command = v; return this; }
        public Builder namespaces(Set<Namespace> v) { namespaces = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder rootless(boolean v) { rootless = v; return this; }
        /** The ids the program runs as inside. */
        public Builder ids(int u, int g) { uid = u; gid = g; return this; }
        /** The host ids that the ids inside map to (rootless with a user namespace), -1 otherwise. */
        public Builder hostIds(int u, int g) { hostUid = u; hostGid = g; return this; }
        public Builder changeIds(boolean v) { changeIds = v; return this; }
        public Builder environment(Map<String, String> v) { environment = v; return this; }
        public Builder workDir(String v) { workDir = v; return this; }
        public Builder stdin(Redirect v) { stdin = v; return this; }
        public Builder stdout(Redirect v) { stdout = v; return this; }
        public Builder stderr(Redirect v) { stderr = v; return this; }
        public Builder redirectErrorStream(boolean v) { redirectErrorStream = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder killGrace(Duration v) { killGrace = v; return this; }
        public Builder mounts(MountPlan v) { mounts = v; return this; }
        public Builder cgroup(CgroupSpec v) { cgroup = v; return this; }
        public Builder hardening(HardeningSpec v) { hardening = v; return this; }
        public Builder idPolicy(IdPolicy v) { idPolicy = v; return this; }
        public Builder network(Network v) { network = v; return this; }
        public Builder terminal(TerminalSpec v) { terminal = v; return this; }

        public LaunchSpec build() {
            Network net = network != null ? network
                    : namespaces.contains(Namespace.NET) ? Network.none() : Network.host();
            return new LaunchSpec(command, namespaces, hostname, rootless, uid, gid, hostUid, hostGid, changeIds,
                    environment, workDir, stdin, stdout, stderr, redirectErrorStream, timeout, killGrace, mounts,
                    cgroup, hardening, idPolicy, net, terminal);
        }
    }
}
