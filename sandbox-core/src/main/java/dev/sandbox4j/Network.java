package dev.sandbox4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What network a sandbox gets; set with {@link SandboxBuilder#network(Network)}.
 *
 * <ul>
 *   <li>{@link #none()} (the default): a network namespace of its own with only {@code lo}: nothing leaves it.</li>
 *   <li>{@link #host()}: the host's network namespace, the same as {@code share(Namespace.NET)}.</li>
 *   <li>{@link #egress(EgressPolicy)}: only {@code lo}, plus a proxy on {@code 127.0.0.1:3128} inside (HTTP
 *       CONNECT, plain HTTP and SOCKS5, announced in {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY}
 *       and their lower-case forms) through which the JVM connects where the policy allows. A program that
 *       ignores the proxy has no route out.</li>
 *   <li>{@link #nat()}: an {@code eth0} with a default route out through a user-mode network stack the library
 *       starts for the sandbox ({@code pasta} or {@code slirp4netns}, see {@link NatBackend}); the host's own
 *       loopback services stay out of reach unless {@link #allowHostLoopback()}.</li>
 * </ul>
 *
 * <pre>{@code
 * Sandbox.builder().network(Network.none()).command("/bin/ip", "addr").start();   // only lo
 * Sandbox.builder().network(Network.egress(EgressPolicy.denyAll().allow("api.example.com", 443)))
 *         .command("curl", "https://api.example.com/").start();
 * }</pre>
 */
public final class Network {
    /** The kinds of network a sandbox can have. */
    public enum Mode {
        /** Its own network namespace with only {@code lo}. */
        NONE,
        /** The host's network namespace. */
        HOST,
        /** Only {@code lo} and a proxy into the JVM that applies an {@link EgressPolicy}. */
        EGRESS,
        /** {@code lo} and an {@code eth0} routed out through a user-mode network stack ({@link NatBackend}). */
        NAT,
        /** {@code lo} and an {@code eth0} on a {@link SandboxNetwork}, reaching its other members only. */
        PRIVATE
    }

    /** The address the egress proxy listens on inside the sandbox. */
    public static final String PROXY_ADDRESS = "127.0.0.1";
    /** The port the egress proxy listens on inside the sandbox. */
    public static final int PROXY_PORT = 3128;

    private static final Network NONE = new Network(Mode.NONE, null);
    private static final Network HOST = new Network(Mode.HOST, null);
    private static final Network NAT = new Network(Mode.NAT, null);

    /**
     * A TCP port of the sandbox reachable on the host's {@code 127.0.0.1:hostPort}; made by {@link #publish}.
     *
     * <pre>{@code
     * Network.none().publish(8080, 80).published();   // [127.0.0.1:8080->80]
     * }</pre>
     *
     * @param hostPort    the port on the host's 127.0.0.1
     * @param sandboxPort the port on 127.0.0.1 inside the sandbox
     */
    public record PublishedPort(int hostPort, int sandboxPort) {
        @Override
        public String toString() {
            return "127.0.0.1:" + hostPort + "->" + sandboxPort;
        }
    }

    private final Mode mode;
    private final EgressPolicy egress;
    private final List<PublishedPort> published;
    /** For NAT: the backend asked for (null: whichever is installed) and whether the host's loopback is reachable. */
    private final NatBackend backend;
    private final boolean hostLoopback;
    /** For PRIVATE: the network, this member's name (or null) and fixed address (or null: the next free one). */
    private final SandboxNetwork attached;
    private final String memberName;
    private final String memberAddress;

    private Network(Mode mode, EgressPolicy egress) {
        this(mode, egress, List.of(), null, false, null, null, null);
    }

    private Network(Mode mode, EgressPolicy egress, List<PublishedPort> published, NatBackend backend,
            boolean hostLoopback, SandboxNetwork attached, String memberName, String memberAddress) {
        this.mode = mode;
        this.egress = egress;
        this.published = List.copyOf(published);
        this.backend = backend;
        this.hostLoopback = hostLoopback;
        this.attached = attached;
        this.memberName = memberName;
        this.memberAddress = memberAddress;
    }

    /**
     * A member of a private network at its first free address, with no name: {@code attach(network, null, null)}.
     *
     * <pre>{@code Sandbox.builder().network(Network.attach(net)).command("wget", "-qO-", "http://db:8080/");}</pre>
     *
     * @param network the network to join when the sandbox starts
     * @return a network of the sandbox's own with an {@code eth0} on {@code network}
     */
    public static Network attach(SandboxNetwork network) {
        return attach(network, null, null);
    }

    /**
     * A member of a private network that the others reach by {@code hostname}, at {@code address} (or the first
     * free one when null). A start fails while a running member has the same name or address.
     *
     * <pre>{@code
     * Network.attach(net, "db", "10.89.0.10");
     * }</pre>
     *
     * @param network  the network to join when the sandbox starts
     * @param hostname the name the other members resolve (their {@code /etc/hosts}), or null for none
     * @param address  an address of the network's subnet, or null
     * @return a network of the sandbox's own with an {@code eth0} on {@code network}
     * @throws IllegalArgumentException for an invalid host name
     */
    public static Network attach(SandboxNetwork network, String hostname, String address) {
        Objects.requireNonNull(network, "network");
        String name = hostname == null ? null : dev.sandbox4j.internal.net.HostName.check(hostname);
        return new Network(Mode.PRIVATE, null, List.of(), null, false, network, name, address);
    }

    /**
     * The private network a {@link Mode#PRIVATE} network joins.
     * @return the network; empty for the other modes
     */
    public Optional<SandboxNetwork> attached() {
        return Optional.ofNullable(attached);
    }

    /**
     * The name other members resolve this one by.
     * @return the name given to {@code attach}, if any
     */
    public Optional<String> memberName() {
        return Optional.ofNullable(memberName);
    }

    /**
     * The fixed address on the private network.
     * @return the address given to {@code attach}, if any
     */
    public Optional<String> memberAddress() {
        return Optional.ofNullable(memberAddress);
    }

    /**
     * Only {@code lo} in a network namespace of the sandbox's own: the default.
     *
     * @return the network with nothing but {@code lo}
     */
    public static Network none() {
        return NONE;
    }

    /**
     * The host's network namespace (no isolation of the network at all).
     *
     * @return the host's network
     */
    public static Network host() {
        return HOST;
    }

    /**
     * Only {@code lo}, and connections out through the JVM where {@code policy} allows them.
     *
     * @param policy what may be connected to
     * @return an egress network with this policy
     */
    public static Network egress(EgressPolicy policy) {
        return new Network(Mode.EGRESS, Objects.requireNonNull(policy, "policy"));
    }

    /**
     * A network namespace with {@code lo} and an {@code eth0} whose default route leads out through a user-mode
     * network stack: {@code pasta} (Debian package {@code passt}) when installed, else {@code slirp4netns}. The
     * library starts it for the sandbox, before the program, and ends it with the sandbox (also when the JVM is
     * killed). {@code build()} fails naming the package to install when neither is. The host's own loopback
     * services are out of reach unless {@link #allowHostLoopback()}.
     *
     * <pre>{@code
     * Sandbox.builder().network(Network.nat()).command("curl", "https://example.com/").start();
     * }</pre>
     *
     * @return a NAT network through whichever backend is installed
     */
    public static Network nat() {
        return NAT;
    }

    /**
     * {@link #nat()} through this backend only; {@code build()} fails when it is not installed.
     *
     * <pre>{@code
     * Network.nat(Network.NatBackend.SLIRP4NETNS).allowHostLoopback();
     * }</pre>
     *
     * @param backend pasta or slirp4netns
     * @return a NAT network through {@code backend}
     */
    public static Network nat(NatBackend backend) {
        return new Network(Mode.NAT, null, List.of(), Objects.requireNonNull(backend, "backend"), false, null, null,
                null);
    }

    /**
     * This NAT network with the host's loopback services reachable from inside: through
     * {@link NatBackend#hostLoopbackAddress()} of the backend in use. Off by default: a server on the host's
     * {@code 127.0.0.1} often trusts whoever can reach it.
     *
     * <pre>{@code
     * Network.nat().allowHostLoopback();   // with pasta, 127.0.0.1:PORT inside reaches the host's 127.0.0.1:PORT
     * }</pre>
     *
     * @return this network with host loopback allowed
     * @throws IllegalStateException unless this is a {@link #nat()} network
     */
    public Network allowHostLoopback() {
        if (mode != Mode.NAT) {
            throw new IllegalStateException("allowHostLoopback() is for network nat, not network " + this);
        }
        return new Network(mode, egress, published, backend, true, null, null, null);
    }

    /**
     * Whether a NAT network reaches the host's loopback services.
     * @return true after {@link #allowHostLoopback()}
     */
    public boolean hostLoopbackAllowed() {
        return hostLoopback;
    }

    /**
     * The backend a NAT network asked for.
     *
     * @return the backend of {@link #nat(NatBackend)}; empty for {@link #nat()} (whichever is installed) and
     *         the other modes
     */
    public Optional<NatBackend> natBackend() {
        return Optional.ofNullable(backend);
    }

    /**
     * This network with TCP port {@code sandboxPort} of the sandbox reachable on the host's
     * {@code 127.0.0.1:hostPort}: the JVM listens there and relays each connection into the sandbox's network
     * namespace, to {@code 127.0.0.1:sandboxPort} (a server inside must listen on 127.0.0.1 or 0.0.0.0).
     * {@code build()} refuses a host port that is in use, and one below 1024 when not running as root.
     *
     * <pre>{@code
     * Sandbox.builder().network(Network.none().publish(8080, 80)).command("httpd", "-f", "-p", "80").start();
     * }</pre>
     *
     * @param hostPort    the port on the host's 127.0.0.1, 1-65535
     * @param sandboxPort the port inside, 1-65535
     * @return this network with the port published as well
     * @throws IllegalArgumentException for a port outside 1-65535 or a host port already published
     * @throws IllegalStateException    for {@link #host()}, whose ports are the host's already
     */
    public Network publish(int hostPort, int sandboxPort) {
        if (mode == Mode.HOST) {
            throw new IllegalStateException("publish(" + hostPort + ", " + sandboxPort + ") needs a network namespace "
                    + "of the sandbox's own; with network host its ports are the host's already");
        }
        for (int[] p : new int[][] {{hostPort, 0}, {sandboxPort, 1}}) {
            if (p[0] < 1 || p[0] > 65535) {
                throw new IllegalArgumentException("publish(" + hostPort + ", " + sandboxPort + "): "
                        + (p[1] == 0 ? "host" : "sandbox") + " port " + p[0] + " is not a TCP port: use 1-65535");
            }
        }
        for (PublishedPort p : published) {
            if (p.hostPort() == hostPort) {
                throw new IllegalArgumentException("host port " + hostPort + " is already published (" + p + ")");
            }
        }
        List<PublishedPort> more = new ArrayList<>(published);
        more.add(new PublishedPort(hostPort, sandboxPort));
        return new Network(mode, egress, more, backend, hostLoopback, attached, memberName, memberAddress);
    }

    /**
     * The published ports, in the order given.
     *
     * @return the published ports; empty when none
     */
    public List<PublishedPort> published() {
        return published;
    }

    /**
     * The kind of network.
     *
     * @return none, host, egress, nat or private
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The policy of an {@link Mode#EGRESS} network.
     *
     * @return the policy, or null for the other modes
     */
    public EgressPolicy egressPolicy() {
        return egress;
    }

    /**
     * Whether the sandbox gets a network namespace of its own.
     *
     * @return false only for {@link #host()}
     */
    public boolean ownNamespace() {
        return mode != Mode.HOST;
    }

    /**
     * The proxy variables an egress sandbox's environment gets; none for the other modes.
     *
     * @return name and value pairs
     */
    public List<String[]> environment() {
        List<String[]> env = new ArrayList<>();
        if (mode == Mode.EGRESS) {
            String http = "http://" + PROXY_ADDRESS + ":" + PROXY_PORT;
            String socks = "socks5h://" + PROXY_ADDRESS + ":" + PROXY_PORT; // h: the proxy resolves names
            for (String[] kv : new String[][] {{"HTTP_PROXY", http}, {"HTTPS_PROXY", http}, {"ALL_PROXY", socks}}) {
                env.add(kv);
                env.add(new String[] {kv[0].toLowerCase(Locale.ROOT), kv[1]});
            }
        }
        return env;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.mode == mode && Objects.equals(n.egress, egress)
                && n.published.equals(published) && n.backend == backend && n.hostLoopback == hostLoopback
                && n.attached == attached && Objects.equals(n.memberName, memberName)
                && Objects.equals(n.memberAddress, memberAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, egress, published, backend, hostLoopback, memberName, memberAddress);
    }

    /** {@code none}, {@code host}, {@code egress}, {@code nat}, or a private network's name. */
    @Override
    public String toString() {
        return attached != null ? attached.name() : mode.name().toLowerCase(Locale.ROOT);
    }
}
