package dev.sandbox4j.internal.spec;

import dev.sandbox4j.Capability;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.internal.check.LaunchChecks;
import dev.sandbox4j.internal.check.OutputLimitCheck;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.net.NetworkChoice;
import dev.sandbox4j.internal.seccomp.SeccompCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Spec resolution, the first stage of a launch: turns the builder's settings ({@link SpecRequest},
 * unset where the caller made none) into a {@link LaunchSpec} with every default decided and every
 * contradiction refused, before anything is spawned. The policy lives here: which namespaces a
 * sandbox gets, its ids, its environment and mounts, whether it needs a cgroup, its seccomp filter
 * (compiled once per definition), its rlimits. The host is asked through the runtime only for what
 * it must decide (can a cgroup be made; would the kernel accept these fds and limits).
 *
 * <pre>{@code
 * LaunchSpec spec = new SpecResolver(SandboxRuntime.system()).resolve(request);
 * }</pre>
 */
public final class SpecResolver {
    /** The program's PATH unless the caller sets one. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The hostname inside unless the caller sets one. */
    public static final String DEFAULT_HOSTNAME = "sandbox";
    private static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);
    private static final int MAX_HOSTNAME = 64;

    private final SandboxRuntime runtime;

    public SpecResolver(SandboxRuntime runtime) {
        this.runtime = runtime;
    }

    /** The spec of {@code in}, or an exception naming the setting that cannot be had and why. */
    public LaunchSpec resolve(SpecRequest in) {
        int euid = in.euid();
        boolean rootless = euid != 0;
        SpecRequest.Identity who = in.identity();
        SpecRequest.Process proc = in.process();
        Network net = NetworkChoice.resolve(who.network(), who.namespaces().get(Namespace.NET), euid,
                who.namespaces().getOrDefault(Namespace.USER, true));
        Set<Namespace> chosen = namespaces(who, net, rootless, euid);
        String host = who.hostname() != null ? who.hostname() : DEFAULT_HOSTNAME;
        checkHostname(host);
        if (who.hostname() != null && !chosen.contains(Namespace.UTS)) {
            throw new IllegalStateException("hostname " + host + " needs a UTS namespace, but UTS is shared");
        }
        boolean userNs = chosen.contains(Namespace.USER);
        CgroupSpec cgroup = PidSharedCgroup.require(cgroupSpec(in), !chosen.contains(Namespace.PID),
                () -> runtime.cgroupHost().unavailableReason());
        IdChecks.Resolved ids = IdChecks.resolve(userNs, rootless, euid, who.hostIdRange(), who.hostIdsPerSandbox(),
                who.idMap(), who.uid(), who.gid(), cgroup != null && cgroup.limits().pids().isPresent(),
                in.hardening().rlimits());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        net.environment().forEach(kv -> environment.put(kv[0], kv[1]));
        environment.putAll(proc.env());
        String dir = proc.workDir() == null ? null : checkAbsolute("workDir", proc.workDir());
        MountPlan mounts = mounts(in.filesystem(), chosen, net);
        List<String> cmd = ProgramLookup.check(proc.command(), environment.get("PATH"), dir,
                mounts == null ? null : in.filesystem().root(), mounts == null ? List.of() : mounts.steps());
        LaunchSpec spec = LaunchSpec.builder().command(cmd).namespaces(chosen).hostname(host).rootless(rootless)
                .ids(ids.uid(), ids.gid())
                .hostIds(rootless ? euid : -1, rootless ? in.egid() : -1)
                .changeIds(userNs || who.uid() != null || who.gid() != null)
                .environment(environment).workDir(dir)
                .stdin(proc.stdin() != null ? proc.stdin() : java.lang.ProcessBuilder.Redirect.PIPE)
                .stdout(proc.out()).stderr(proc.err()).redirectErrorStream(proc.merged())
                .timeout(proc.timeout()).killGrace(proc.killGrace() != null ? proc.killGrace() : DEFAULT_KILL_GRACE)
                .mounts(mounts).cgroup(cgroup).hardening(hardening(in)).idPolicy(ids.policy()).network(net)
                .terminal(proc.terminal().resolve(proc.redirected()))
                .build();
        LaunchChecks.check(spec, euid, runtime.sys()); // fds, rlimits, execve size: what the kernel would refuse
        return spec;
    }

    /** New unless shared; NET as the network says; rootless, any new namespace needs a user namespace. */
    private static Set<Namespace> namespaces(SpecRequest.Identity who, Network net, boolean rootless, int euid) {
        EnumSet<Namespace> chosen = EnumSet.noneOf(Namespace.class);
        for (Namespace ns : Namespace.values()) {
            if (ns == Namespace.NET ? net.ownNamespace() : who.namespaces().getOrDefault(ns, true)) {
                chosen.add(ns);
            }
        }
        if (rootless && !chosen.contains(Namespace.USER) && !chosen.isEmpty()) {
            throw new IllegalStateException("a user namespace is required when not running as root (euid "
                    + euid + "): the other namespaces " + chosen + " need one; do not share USER");
        }
        return chosen;
    }

    /** The mount plan; null when the mount namespace is shared, which refuses every filesystem setting. */
    private static MountPlan mounts(SpecRequest.Filesystem fs, Set<Namespace> chosen, Network net) {
        if (!chosen.contains(Namespace.MOUNT)) {
            if (fs.changed()) {
                throw new IllegalStateException("filesystem settings (rootfs, bind, tmpfs, ...) need a mount "
                        + "namespace, but MOUNT is shared");
            }
            return null;
        }
        MountPlan.Builder b = fs.mounts();
        if (!chosen.contains(Namespace.PID) && !fs.procAtProc()) {
            // A fresh proc shows the pid namespace of its mounter, and a user namespace may not mount
            // one for the host's: the program sees the host's processes anyway, so bind /proc read-only.
            b.bindReadOnly(Path.of("/proc"), "/proc");
        }
        NetworkChoice.hostsFile(net).ifPresent(h -> b.bindReadOnly(h, "/etc/hosts")); // members' names
        return b.hostNetwork(!chosen.contains(Namespace.NET)).build();
    }

    /** The cgroup asked for by limits, accounting or a CPU time limit; null for none. */
    private static CgroupSpec cgroupSpec(SpecRequest in) {
        SpecRequest.Cgroup cg = in.cgroup();
        SpecRequest.Budgets budgets = in.budgets();
        boolean wanted = cg.limited() || cg.accounting();
        if (budgets.perProcessCpuTime() && budgets.cpuTimeLimit() == null) {
            throw new IllegalStateException("allowPerProcessCpuTimeLimit() is set but no cpuTimeLimit");
        }
        if (!wanted && budgets.cpuTimeLimit() == null && cg.parent() != null) {
            throw new IllegalStateException("cgroupParent " + cg.parent() + " is set but no limit and no accounting()");
        }
        return wanted || budgets.cpuTimeLimit() != null
                ? new CgroupSpec(cg.limits().build(), cg.parent(), !wanted && budgets.perProcessCpuTime()) : null;
    }

    private static HardeningSpec hardening(SpecRequest in) {
        SpecRequest.Hardening h = in.hardening();
        Duration cpu = in.budgets().cpuTimeLimit();
        SeccompProfile profile = h.seccompSet() ? h.seccomp() : SeccompProfile.defaultProfile();
        Set<Capability> keep = h.capabilities() != null ? h.capabilities() : Set.of();
        boolean nnp = h.noNewPrivs() == null || h.noNewPrivs();
        if (profile != null && !nnp && !keep.contains(Capability.CAP_SYS_ADMIN)) {
            throw new IllegalStateException("a seccomp filter needs noNewPrivs(true) or CAP_SYS_ADMIN kept; "
                    + "turn one on or use seccomp(null)");
        }
        Map<ResourceLimit, long[]> r = new TreeMap<>(h.rlimits());
        r.putIfAbsent(ResourceLimit.CORE, new long[] {0, 0}); // no core dumps of untrusted memory
        if (cpu != null) {
            if (h.rlimits().containsKey(ResourceLimit.CPU)) {
                throw new IllegalStateException("cpuTimeLimit " + cpu + " and rlimit cpu both set: use one");
            }
            r.put(ResourceLimit.CPU, CpuRlimit.of(cpu, cgroupSpec(in).optional()));
        }
        byte[] filter = profile == null ? null : SeccompCompiler.compile(profile); // once, not per start
        SpecRequest.Budgets b = in.budgets();
        SpecRequest.Process p = in.process();
        return new HardeningSpec(filter, Capability.mask(keep), nnp, r, h.passFds(), cpu,
                profile != null && usesTrap(profile), OutputLimitCheck.check(b.stdoutLimit(), b.stderrLimit(),
                        b.outputLimit(), p.out(), p.err(), p.merged()), in.filesystem().workspaces());
    }

    private static boolean usesTrap(SeccompProfile p) {
        return p.resolve(p.defaultAction()).kind() == SeccompAction.Kind.TRAP
                || p.rules().stream().anyMatch(r -> p.resolve(r.action()).kind() == SeccompAction.Kind.TRAP);
    }

    /** 1 to 64 bytes, no '/' or control characters. */
    public static void checkHostname(String h) {
        int bytes = h.getBytes(StandardCharsets.UTF_8).length;
        if (h.isEmpty() || bytes > MAX_HOSTNAME || h.indexOf('/') >= 0 || h.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("hostname '" + h.replace("\0", "\\0").replace("\n", "\\n")
                    + "' is not valid (" + bytes + " bytes): use 1 to 64 bytes without '/' or control characters");
        }
    }

    private static String checkAbsolute(String what, String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + path + "' must be an absolute path without NUL");
        }
        return path;
    }
}
