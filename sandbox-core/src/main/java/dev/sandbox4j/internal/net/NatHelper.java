package dev.sandbox4j.internal.net;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.NatBackend;
import dev.sandbox4j.Network;
import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The user-mode network stack of a {@link Network#nat()} sandbox: which backend, where it is installed, and the
 * command line the shim server starts it with ({@link OpCode#NET_HELPER}). Every option is decided here.
 */
public final class NatHelper {
    /** The fd the helper gets its ready pipe on. */
    static final int READY_FD = 3;
    /** Where pasta gets the init's user namespace, and at +1 its network namespace, opened by the server. */
    static final int NS_FD = 4;
    /** How long the server waits for the helper to configure the sandbox's interface. */
    static final int READY_TIMEOUT_MS = 10_000;
    /** The server's own ids for the helper (rootless, or as root without a user namespace). */
    static final long KEEP_IDS = 0xffffffffL;
    /** The interface the sandbox gets, whichever backend. */
    public static final String INTERFACE = "eth0";
    /** The probe fact's name. */
    public static final String FACT = "network nat";

    /** A backend and its absolute path. */
    public record Located(NatBackend backend, Path path) {}

    private NatHelper() {}

    /**
     * The backend a NAT network uses: the one it names, else pasta, else slirp4netns.
     *
     * @param userNamespace whether the sandbox has a user namespace: pasta joins the sandbox's through it
     * @throws IllegalStateException naming the package to install when none fits
     */
    public static Located locate(Network network, boolean userNamespace) {
        return locate(network, userNamespace, searchPath());
    }

    static Located locate(Network network, boolean userNamespace, Set<String> dirs) {
        List<NatBackend> candidates = network.natBackend().map(List::of)
                .orElse(List.of(NatBackend.PASTA, NatBackend.SLIRP4NETNS));
        List<String> missing = new ArrayList<>();
        for (NatBackend b : candidates) {
            Optional<Path> p = find(b.command(), dirs);
            if (p.isEmpty()) {
                missing.add(b.command() + " (install the package " + b.debianPackage() + ")");
            } else if (b == NatBackend.PASTA && !userNamespace) {
                missing.add("pasta, which needs the sandbox's user namespace (do not share USER, or install "
                        + "slirp4netns)");
            } else {
                return new Located(b, p.get());
            }
        }
        throw new IllegalStateException("network nat needs a user-mode network stack: no usable " + String.join(
                " nor ", missing) + " in " + dirs);
    }

    /** The probe's line: which backend {@link Network#nat()} uses here. */
    public static ProbeReport.Fact fact() {
        for (NatBackend b : NatBackend.values()) {
            Optional<Path> p = find(b.command(), searchPath());
            if (p.isPresent()) {
                return ProbeReport.Fact.yes(FACT, b.command() + " (" + p.get() + ")");
            }
        }
        return ProbeReport.Fact.no(FACT, "neither pasta nor slirp4netns installed",
                "apt-get install passt (or slirp4netns)");
    }

    /**
     * The outer op that starts the helper, after the id maps and cgroup joins. As root with a user namespace the
     * helper runs as the sandbox's host ids, the namespace's owner, not as root; otherwise as the server.
     *
     * @param ids the sandbox's host ids (unused without a user namespace, may then be null)
     */
    public static void encode(Network network, boolean userNamespace, boolean rootless, HostIds ids, PlanWriter w) {
        if (network.mode() != Network.Mode.NAT) {
            return;
        }
        boolean asOwner = userNamespace && !rootless;
        long hostUid = asOwner ? ids.uid() : KEEP_IDS;
        long hostGid = asOwner ? ids.gid() : KEEP_IDS;
        Located at = locate(network, userNamespace);
        List<String> args = arguments(at.backend(), network.hostLoopbackAllowed(), userNamespace);
        w.op(OpCode.NET_HELPER).str(at.path().toString()).u32((int) hostUid).u32((int) hostGid).u32(READY_FD)
                .u32(READY_TIMEOUT_MS).u32(-1).u32(NS_FD).strs(args)
                .note("network nat (" + at.backend().command() + ")").end();
    }

    /**
     * The helper's arguments. It finds the init's namespaces as fds the server opened ({@link #NS_FD}: user,
     * then network), so it needs no access to the init's /proc files of its own (the init's saved uid is root's
     * while it is created as the sandbox's host uid); not filesystem paths either, so nothing to watch for the
     * namespace's end: the server ends the helper with the sandbox.
     */
    static List<String> arguments(NatBackend backend, boolean hostLoopback, boolean userNamespace) {
        List<String> a = new ArrayList<>();
        String ready = "/proc/self/fd/" + READY_FD;
        String userns = "/proc/self/fd/" + NS_FD;
        String netns = "/proc/self/fd/" + (NS_FD + 1);
        if (backend == NatBackend.PASTA) {
            // No port of the sandbox's is bound on the host (-t/-u none: publish() is the library's own);
            // host loopback ports reach the sandbox's 127.0.0.1 only when allowed (-T auto).
            a.addAll(List.of("--foreground", "--quiet", "--config-net", "--ns-ifname", INTERFACE, "-t", "none",
                    "-u", "none", "-U", "none", "-T", hostLoopback ? "auto" : "none"));
            if (!hostLoopback) {
                a.add("--no-map-gw"); // the gateway's address is not the host's loopback either
            }
            a.addAll(List.of("--pid", ready)); // written once the interface is configured
            a.addAll(List.of("--userns", userns, "--netns", netns, "--no-netns-quit"));
        } else {
            a.addAll(List.of("--configure", "--mtu=65520"));
            if (!hostLoopback) {
                a.add("--disable-host-loopback");
            }
            a.add("--ready-fd=" + READY_FD);
            if (userNamespace) {
                a.add("--userns-path=" + userns); // without one, the init's is the caller's: nothing to join
            }
            a.addAll(List.of("--netns-type=path", netns, INTERFACE));
        }
        return a;
    }

    private static Optional<Path> find(String command, Set<String> dirs) {
        for (String dir : dirs) {
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Set<String> searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (d.startsWith("/")) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"));
        return dirs;
    }
}
