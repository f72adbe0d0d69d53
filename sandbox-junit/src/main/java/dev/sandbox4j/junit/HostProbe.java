package dev.sandbox4j.junit;

import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import java.util.Optional;

/**
 * What {@link SandboxExtension} asks before a test runs: can this host sandbox? The default,
 * {@link #system()}, asks {@link Sandbox#probe()} (namespaces, and its {@code "writable cgroup for this caller"}
 * fact). To see how your tests behave on a host that lacks something, name another implementation (a public class
 * with a no-argument constructor) in configuration parameter {@value SandboxExtension#HOST_PROBE}, e.g. in
 * {@code src/test/resources/junit-platform.properties}:
 *
 * <pre>{@code
 * // sandbox4j.junit.hostProbe=com.example.NoUserNamespaces
 * public class NoUserNamespaces implements HostProbe {
 *     public ProbeReport report() {
 *         ProbeReport real = HostProbe.system().report();
 *         Map<Namespace, String> ns = new EnumMap<>(real.namespaces());
 *         ns.put(Namespace.USER, "unshare(CLONE_NEWUSER): EPERM (user.max_user_namespaces = 0)");
 *         return new ProbeReport(real.kernel(), real.root(), ns, real.sysctls(), real.facts());
 *     }
 *
 *     public Optional<String> cgroupUnavailable() {
 *         return Optional.empty();
 *     }
 * }
 * }</pre>
 * The extension asks each probe once per test run, whatever the number of tests.
 */
public interface HostProbe {
    /**
     * What the host offers: a test is aborted (or failed) when a namespace it creates is not {@code "ok"} in
     * {@link ProbeReport#namespaces()}, and the whole report is printed with the reason.
     *
     * @return the host's report, as {@link Sandbox#probe()} gives it
     */
    ProbeReport report();

    /**
     * Whether a sandbox can have a cgroup of its own here, which a test with
     * {@link SandboxConfig#memory() a memory limit} needs.
     *
     * @return why no cgroup (and so no limit) can be had, which the aborted test's message quotes; empty when one
     *         can
     */
    Optional<String> cgroupUnavailable();

    /**
     * The real host, probed once for the JVM: the probe to delegate to when simulating only part of a host.
     *
     * @return the probe the extension uses unless {@value SandboxExtension#HOST_PROBE} names another
     */
    static HostProbe system() {
        return SystemProbe.INSTANCE;
    }
}
