package dev.sandbox4j.junit;

import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import java.util.Optional;

/**
 * What {@link SandboxExtension} asks before a test runs: can this host sandbox? The default asks
 * {@link Sandbox#probe()} and the cgroup layout; name another implementation (a public class with a no-argument
 * constructor) in configuration parameter {@value SandboxExtension#HOST_PROBE} to simulate a host, e.g. one
 * without user namespaces.
 *
 * <pre>{@code
 * public class NoUserNamespaces implements HostProbe {
 *     public ProbeReport report() {
 *         ProbeReport real = HostProbe.system().report();
 *         Map<Namespace, String> ns = new EnumMap<>(real.namespaces());
 *         ns.put(Namespace.USER, "unshare(CLONE_NEWUSER): EPERM (user.max_user_namespaces = 0)");
 *         return new ProbeReport(real.kernel(), real.root(), ns, real.sysctls(), real.cgroups(), real.seccomp(),
 *                 real.shim());
 *     }
 *     public Optional<String> cgroupUnavailable() { return Optional.empty(); }
 * }
 * }</pre>
 * The extension asks each probe once per test run.
 */
public interface HostProbe {
    /** Namespaces (each {@code "ok"} or why not) and the rest of {@link Sandbox#probe()}. */
    ProbeReport report();

    /** Why no cgroup, and so no limit, can be had here; empty when one can. */
    Optional<String> cgroupUnavailable();

    /** The real host. */
    static HostProbe system() {
        return SystemProbe.INSTANCE;
    }
}
