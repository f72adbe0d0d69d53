package dev.sandbox4j;

import dev.sandbox4j.ProbeReport.Fact;
import dev.sandbox4j.internal.ids.SubIds;
import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.cgroups.CgroupLayout;
import dev.sandbox4j.cgroups.ProcFile;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.seccomp.Arch;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.ProbeCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects {@link ProbeReport}: reads /proc and /sys with one large read (a
 * sysctl read in small pieces reads as its first digit), asks the kernel what
 * no file tells, and starts {@code true} once per namespace type.
 */
final class HostProbe {
    private static final String[] SYSCTLS = {"user/max_user_namespaces", "kernel/unprivileged_userns_clone",
        "kernel/apparmor_restrict_unprivileged_userns", "vm/memfd_noexec"};
    /** {@code SECCOMP_RET_*} actions, in the kernel's order of precedence. */
    private static final Map<String, Integer> SECCOMP_ACTIONS = new LinkedHashMap<>();

    static {
        SECCOMP_ACTIONS.put("kill_process", 0x80000000);
        SECCOMP_ACTIONS.put("kill_thread", 0);
        SECCOMP_ACTIONS.put("trap", 0x00030000);
        SECCOMP_ACTIONS.put("errno", 0x00050000);
        SECCOMP_ACTIONS.put("user_notif", 0x7fc00000);
        SECCOMP_ACTIONS.put("trace", 0x7ff00000);
        SECCOMP_ACTIONS.put("log", 0x7ffc0000);
        SECCOMP_ACTIONS.put("allow", 0x7fff0000);
    }

    private HostProbe() {}

    static ProbeReport collect(SandboxRuntime runtime) {
        Syscalls sys = runtime.sys();
        boolean root = sys.geteuid() == 0;
        Map<Namespace, String> ns = new EnumMap<>(Namespace.class);
        for (Namespace n : Namespace.values()) {
            ns.put(n, tryNamespace(n, root));
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String s : SYSCTLS) {
            read("/proc/sys/" + s).ifPresent(v -> sysctls.put(s.replace('/', '.'), v));
        }
        List<Fact> facts = new ArrayList<>();
        facts.add(nativeAccess());
        facts.add(unprivilegedUserNamespaces(sysctls, root, ns.get(Namespace.USER)));
        facts.addAll(cgroups(runtime));
        facts.add(landlock());
        facts.addAll(seccomp());
        facts.add(installed("pasta", "user-mode networking for a sandbox's own network namespace: "
                + "apt-get install passt"));
        facts.add(installed("slirp4netns", "user-mode networking for a sandbox's own network namespace: "
                + "apt-get install slirp4netns"));
        facts.add(dev.sandbox4j.internal.net.NatHelper.fact());
        facts.add(shim(runtime));
        facts.add(hostIds(root, sys.geteuid()));
        return new ProbeReport(read("/proc/sys/kernel/osrelease").orElse("unknown"), root, ns, sysctls, facts);
    }

    /** Which host ids a sandbox gets; rootless, a "no" when only the caller's own uid can be mapped. */
    private static Fact hostIds(boolean root, int euid) {
        String what = SubIds.describe(root, euid, System.getProperty("user.name"));
        return root || !what.startsWith("only") ? Fact.yes(ProbeReport.HOST_IDS, what)
                : Fact.no(ProbeReport.HOST_IDS, what, "install newuidmap/newgidmap (Debian: apt-get install uidmap)"
                        + " and give the user a subordinate range (usermod --add-subuids 100000-165535"
                        + " --add-subgids 100000-165535 USER)");
    }

    /**
     * Starts {@code true} with just this namespace (and the user namespace it needs when rootless), and always a
     * pid namespace of its own: a sandbox sharing the host's needs a cgroup, which a rootless caller on cgroup v1
     * cannot have, and every namespace would then read as unavailable.
     */
    private static String tryNamespace(Namespace n, boolean root) {
        SandboxBuilder b = Sandbox.builder().command("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        for (Namespace other : Namespace.values()) {
            if (other != n && other != Namespace.PID && (root || other != Namespace.USER)) {
                b.share(other);
            }
        }
        try (SandboxProcess p = b.start()) {
            SandboxResult r = p.result().join();
            return r.succeeded() ? "ok" : "test program ended " + r.status();
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private static Fact nativeAccess() {
        Module m = HostProbe.class.getModule();
        String flag = "--enable-native-access=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
        return m.isNativeAccessEnabled() ? Fact.yes("native access", "enabled")
                : Fact.no("native access", "not enabled: the JDK warns now and refuses under "
                        + "--illegal-native-access=deny", "start java with " + flag);
    }

    private static Fact unprivilegedUserNamespaces(Map<String, String> sysctls, boolean root, String userTest) {
        String name = "unprivileged user namespaces";
        if ("0".equals(sysctls.get("user.max_user_namespaces"))) {
            return Fact.no(name, "disabled: user.max_user_namespaces = 0", "sysctl -w user.max_user_namespaces=15000");
        }
        if ("0".equals(sysctls.get("kernel.unprivileged_userns_clone"))) {
            return Fact.no(name, "disabled: kernel.unprivileged_userns_clone = 0",
                    "sysctl -w kernel.unprivileged_userns_clone=1");
        }
        boolean apparmor = read("/sys/module/apparmor/parameters/enabled").filter(v -> v.startsWith("Y")).isPresent();
        if (apparmor && "1".equals(sysctls.get("kernel.apparmor_restrict_unprivileged_userns"))) {
            return Fact.no(name, "restricted by AppArmor: kernel.apparmor_restrict_unprivileged_userns = 1 "
                    + "(a user namespace gets no capabilities unless a profile allows it)",
                    "an AppArmor profile with 'userns,' for the java binary (/etc/apparmor.d), or "
                            + "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
        }
        if (!root && !"ok".equals(userTest)) {
            return Fact.no(name, "creating one failed: " + userTest, "see the user namespace line above");
        }
        return Fact.yes(name, "allowed" + (root ? " (not tried: the caller is root)" : "")
                + (apparmor ? "; AppArmor is enabled but does not restrict them" : ""));
    }

    /** The runtime's cgroup host, the one sandboxes would be created in. */
    private static List<Fact> cgroups(SandboxRuntime runtime) {
        CgroupHost host;
        try {
            host = runtime.cgroupHost();
        } catch (RuntimeException e) {
            return List.of(Fact.no("cgroup layout", "cannot read it: " + e.getMessage(), "check /proc/self/mountinfo"));
        }
        String describe = String.join("\n", host.describe());
        Fact layout = host.layout() == CgroupLayout.NONE
                ? Fact.no("cgroup layout", "no cgroup file system mounted", "mount -t cgroup2 none /sys/fs/cgroup")
                : Fact.yes("cgroup layout", describe);
        Fact writable = host.isAvailable()
                ? Fact.yes("writable cgroup for this caller", host.defaultParent().orElse("yes"))
                : Fact.no("writable cgroup for this caller", host.unavailableReason().orElse("none"),
                        "as root: a writable cgroup hierarchy; rootless on cgroup v2: a delegated cgroup, e.g. "
                                + "systemd-run --user --scope -p Delegate=yes java ...; without one, limits and "
                                + "accounting() are refused (nothing else needs it)");
        return List.of(layout, writable);
    }

    private static Fact landlock() {
        try {
            return Fact.yes("landlock", "ABI " + ProbeCalls.landlockAbi());
        } catch (SyscallException e) {
            return e.errno() == Errno.ENOSYS
                    ? Fact.no("landlock", "not in this kernel", "Linux 5.13 or newer built with CONFIG_SECURITY_LANDLOCK")
                    : Fact.no("landlock", "built in but not enabled (" + Errno.describe(e.errno()) + ")",
                            "add landlock to the lsm= kernel parameter (now: "
                                    + read("/sys/kernel/security/lsm").orElse("unknown") + ")");
        }
    }

    private static List<Fact> seccomp() {
        List<String> actions = new ArrayList<>();
        SECCOMP_ACTIONS.forEach((name, value) -> {
            if (ProbeCalls.seccompActionAvailable(value)) {
                actions.add(name);
            }
        });
        boolean inStatus = read("/proc/self/status").filter(s -> s.contains("\nSeccomp:")).isPresent();
        Fact filters = inStatus && actions.contains("allow")
                ? Fact.yes("seccomp filters", "actions " + String.join(", ", actions))
                : Fact.no("seccomp filters", "not offered by this kernel",
                        "a kernel built with CONFIG_SECCOMP_FILTER, or seccomp(null) on the builder to run without");
        Fact notify = ProbeCalls.seccompUserNotification() && actions.contains("user_notif")
                ? Fact.yes("seccomp user notification", "supported")
                : Fact.no("seccomp user notification", "not supported", "Linux 5.0 or newer");
        return List.of(filters, notify);
    }

    private static Fact installed(String program, String fix) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return Fact.yes(program, p.toString());
            }
        }
        return Fact.no(program, "not installed", fix);
    }

    private static Fact shim(SandboxRuntime runtime) {
        String arch;
        try {
            arch = Arch.current().toString();
        } catch (UnsupportedOperationException e) {
            return Fact.no("shim", e.getMessage(), "run on x86_64 or aarch64");
        }
        try {
            return Fact.yes("shim", arch + ", " + runtime.shim().description());
        } catch (IOException e) {
            return Fact.no("shim", arch + ": " + e.getMessage(), "use a sandbox-core jar built with the "
                    + arch + " shim (see README, Requirements)");
        }
    }

    private static Optional<String> read(String path) {
        try {
            return Optional.of(ProcFile.read(Path.of(path)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
