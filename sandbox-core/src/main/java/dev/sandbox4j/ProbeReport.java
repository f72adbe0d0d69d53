package dev.sandbox4j;

import dev.sandbox4j.internal.ids.SubIds;
import dev.sandbox4j.internal.launch.ShimBinary;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the host offers a sandbox, from {@link Sandbox#probe()}: structured
 * fields, and {@link #toString()} for people.
 *
 * <pre>{@code
 * ProbeReport r = Sandbox.probe();
 * if (!r.namespaces().get(Namespace.USER).equals("ok")) System.err.println(r);
 * }</pre>
 *
 * @param kernel      the kernel release
 * @param root        whether the caller is root (euid 0)
 * @param namespaces  per type: {@code "ok"} or why one cannot be created
 * @param sysctls     the user-namespace sysctls that exist on this host
 * @param cgroups     the cgroup layout and what is writable, one fact per line
 * @param seccomp     whether the kernel offers seccomp filters
 * @param shim        where the native shim runs from
 * @param ids         which host ids a sandbox gets, and rootless what is missing for a full range
 */
public record ProbeReport(
        String kernel,
        boolean root,
        Map<Namespace, String> namespaces,
        Map<String, String> sysctls,
        String cgroups,
        boolean seccomp,
        String shim,
        String ids) {

    static ProbeReport collect() {
        boolean root = LinuxSyscalls.INSTANCE.geteuid() == 0;
        Map<Namespace, String> ns = new EnumMap<>(Namespace.class);
        for (Namespace n : Namespace.values()) {
            ns.put(n, tryNamespace(n, root));
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String s : new String[] {"user/max_user_namespaces", "kernel/unprivileged_userns_clone",
                "kernel/apparmor_restrict_unprivileged_userns", "vm/memfd_noexec"}) {
            String v = read("/proc/sys/" + s);
            if (v != null) {
                sysctls.put(s.replace('/', '.'), v);
            }
        }
        String shim;
        try {
            shim = ShimBinary.get(LinuxSyscalls.INSTANCE).description();
        } catch (IOException e) {
            shim = "unavailable: " + e.getMessage();
        }
        String status = read("/proc/self/status");
        return new ProbeReport(String.valueOf(read("/proc/sys/kernel/osrelease")), root, Map.copyOf(ns),
                Map.copyOf(sysctls), CgroupProbe.describe(), status != null && status.contains("Seccomp:"), shim,
                SubIds.describe(root, LinuxSyscalls.INSTANCE.geteuid(), System.getProperty("user.name")));
    }

    /** Starts {@code true} with just this namespace (and the user namespace it needs when rootless). */
    private static String tryNamespace(Namespace n, boolean root) {
        SandboxBuilder b = Sandbox.builder().command("true").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        for (Namespace other : Namespace.values()) {
            if (other != n && (root || other != Namespace.USER)) {
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

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("sandbox4j probe\n");
        sb.append("  kernel:     ").append(kernel).append('\n');
        sb.append("  caller:     ").append(root ? "root" : "unprivileged (rootless)").append('\n');
        namespaces.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sb.append("  namespace ").append(String.format("%-7s", e.getKey().procName())).append(' ')
                        .append(e.getValue()).append('\n'));
        sysctls.forEach((k, v) -> sb.append("  sysctl ").append(k).append(" = ").append(v).append('\n'));
        sb.append("  cgroups:    ").append(cgroups.replace("\n", "\n              ")).append('\n');
        sb.append("  seccomp:    ").append(seccomp ? "available" : "not available").append('\n');
        sb.append("  shim:       ").append(shim).append('\n');
        sb.append("  ids:        ").append(ids).append('\n');
        return sb.toString();
    }
}
