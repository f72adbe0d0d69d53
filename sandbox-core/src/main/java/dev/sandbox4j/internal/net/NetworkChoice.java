package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;

/**
 * Reconciles {@code network(...)} with the older {@code share(Namespace.NET)}, which says {@code network(host)}
 * in other words: either alone decides, both must agree.
 */
public final class NetworkChoice {
    private NetworkChoice() {}

    /**
     * @param network  what {@code network(...)} set, or null
     * @param netFresh false after {@code share(Namespace.NET)}, else null
     * @param euid     the caller's: published host ports below the unprivileged start need root
     * @param userNs   whether the sandbox gets a user namespace (pasta joins the sandbox's through it)
     * @return the network the sandbox gets
     * @throws IllegalStateException for nat when no backend is installed, naming the package
     */
    public static Network resolve(Network network, Boolean netFresh, int euid, boolean userNs) {
        Network n = resolve(network, netFresh);
        if (n.mode() == Network.Mode.NAT) {
            NatHelper.locate(n, userNs);
        }
        PublishCheck.check(n, euid);
        return n;
    }

    /** The hosts file a private network's member sees as {@code /etc/hosts}. */
    public static java.util.Optional<java.nio.file.Path> hostsFile(Network n) {
        return n.attached().map(a -> PrivateNetwork.of(a).hostsFile());
    }

    static Network resolve(Network network, Boolean netFresh) {
        if (network == null) {
            return Boolean.FALSE.equals(netFresh) ? Network.host() : Network.none();
        }
        if (netFresh != null && netFresh != network.ownNamespace()) {
            throw new IllegalStateException("network(" + network + ") conflicts with "
                    + (netFresh ? "a new network namespace" : "share(Namespace.NET)") + ": "
                    + (network.ownNamespace() ? "network " + network + " needs a network namespace of its own"
                            : "network host uses the host's network namespace")
                    + "; set one of them");
        }
        return network;
    }

    /** One line for {@code describe()}: the mode, the egress rules and the published ports. */
    public static String describe(Network n) {
        String mode = switch (n.mode()) {
            case NONE -> "none (only lo)";
            case HOST -> "host (the host's network namespace)";
            case EGRESS -> "egress (only lo; proxy on " + Network.PROXY_ADDRESS + ":" + Network.PROXY_PORT + " allowing "
                    + n.egressPolicy().rules() + (n.egressPolicy().asker() != null ? ", then asking" : "") + ")";
            case NAT -> "nat (" + NatHelper.INTERFACE + " through " + n.natBackend().map(b -> b.command())
                    .orElse("pasta or slirp4netns") + ", host loopback " + (n.hostLoopbackAllowed() ? "reachable"
                    : "off") + ")";
            case PRIVATE -> "private network " + n.attached().orElseThrow() + " (eth0"
                    + n.memberAddress().map(a -> " " + a).orElse("") + n.memberName().map(h -> ", named " + h)
                    .orElse("") + ")";
        };
        return "network: " + mode + (n.published().isEmpty() ? "" : ", published " + n.published());
    }
}
