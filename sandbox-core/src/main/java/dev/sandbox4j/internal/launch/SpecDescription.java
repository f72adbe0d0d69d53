package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
import dev.sandbox4j.internal.ids.IdPolicy;
import dev.sandbox4j.Capability;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.internal.net.NetworkChoice;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox gets, in lines for people ({@code Sandbox.describe()},
 * {@code sandbox-run --verbose}): namespaces, ids inside and on the host,
 * root and mounts, limits, seccomp, capabilities and rlimits.
 */
public final class SpecDescription {
    private SpecDescription() {}

    /**
     * The lines describing {@code spec}.
     *
     * @param spec    the validated definition
     * @param seccomp how its seccomp profile reads ("default profile (…)", "none", …)
     * @return one fact per line
     */
    public static List<String> describe(LaunchSpec spec, String seccomp) {
        List<String> out = new ArrayList<>();
        out.add("command: " + spec.command());
        EnumSet<Namespace> shared = EnumSet.allOf(Namespace.class);
        shared.removeAll(spec.namespaces());
        out.add("namespaces: new " + names(spec.namespaces()) + (shared.isEmpty() ? "" : ", shared with the host "
                + names(shared)));
        if (spec.has(Namespace.UTS)) {
            out.add("hostname: " + spec.hostname());
        }
        out.add(NetworkChoice.describe(spec.network()));
        out.add(spec.has(Namespace.USER) ? "ids: uid " + spec.uid() + " / gid " + spec.gid() + " inside = " + hostIds(spec)
                : "ids: the host's (no user namespace): uid " + spec.uid() + ", gid " + spec.gid());
        if (spec.mounts() == null) {
            out.add("filesystem: the host's mount namespace (shared)");
        } else {
            out.add("root: " + spec.mounts().root());
            for (MountStep s : spec.mounts().steps()) {
                out.add("mount: " + s);
            }
        }
        out.add("environment: " + spec.environment().keySet() + (spec.workDir() == null ? "" : ", cwd " + spec.workDir()));
        if (spec.cgroup() == null) {
            out.add("cgroup: none (no limit, no accounting)");
        } else {
            CgroupLimits l = spec.cgroup().limits();
            out.add("cgroup limits: " + (l.isEmpty() ? "none (accounting only)" : limits(l))
                    + (spec.cgroup().parent() == null ? "" : ", under " + spec.cgroup().parent()));
        }
        out.add("timeout: " + (spec.timeout() == null ? "none" : spec.timeout()) + ", kill grace " + spec.killGrace());
        HardeningSpec h = spec.hardening();
        out.add("seccomp: " + seccomp + (h.traceTraps() ? ", TRAP rules traced" : ""));
        List<String> caps = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if ((h.keepCaps() & (1L << c.number())) != 0) {
                caps.add(c.name());
            }
        }
        out.add("capabilities: " + (caps.isEmpty() ? "none" : String.join(", ", caps))
                + ", no_new_privs " + (h.noNewPrivs() ? "on" : "off"));
        List<String> r = new ArrayList<>();
        for (Map.Entry<ResourceLimit, long[]> e : h.rlimits().entrySet()) {
            r.add(e.getKey().name().toLowerCase() + " " + limit(e.getValue()[0]) + ":" + limit(e.getValue()[1]));
        }
        out.add("rlimits: " + String.join(", ", r) + (h.passFds().isEmpty() ? "" : "; passed fds " + h.passFds()));
        return out;
    }

    private static String names(java.util.Set<Namespace> set) {
        List<String> n = new ArrayList<>();
        for (Namespace ns : Namespace.values()) {
            if (set.contains(ns)) {
                n.add(ns.procName());
            }
        }
        return n.isEmpty() ? "none" : String.join(" ", n);
    }

    private static String limits(CgroupLimits l) {
        List<String> s = new ArrayList<>();
        l.memory().ifPresent(m -> s.add("memory " + m));
        l.memorySwap().ifPresent(m -> s.add("swap " + m));
        l.cpus().ifPresent(c -> s.add("cpus " + c));
        l.cpuWeight().ifPresent(w -> s.add("cpu weight " + w));
        l.pids().ifPresent(p -> s.add("pids " + p));
        l.cpuset().ifPresent(c -> s.add("cpuset " + c));
        l.io().forEach(io -> s.add("io " + io));
        return String.join(", ", s);
    }

    private static String limit(long v) {
        return v == ResourceLimit.UNLIMITED ? "unlimited" : Long.toUnsignedString(v);
    }

    /** Rootless the caller's ids; as root a range of the sandbox's own, allocated at each start. */
    private static String hostIds(LaunchSpec spec) {
        if (spec.rootless()) {
            return "host uid " + spec.hostUid() + " / gid " + spec.hostGid() + " (the caller)";
        }
        IdPolicy p = spec.idPolicy();
        return p == null ? "host ids of the sandbox's own range"
                : p.map() != null ? "host ids as idMap gives them"
                : "host ids of the sandbox's own range of " + p.perSandbox() + ", allocated at each start from "
                        + p.rangeFirst() + ".." + (p.rangeFirst() + p.rangeCount() - 1)
                        + " (SandboxProcess.hostIds() tells which)";
    }
}
