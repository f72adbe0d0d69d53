package dev.sandbox4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
        EGRESS
    }

    /** The address the egress proxy listens on inside the sandbox. */
    public static final String PROXY_ADDRESS = "127.0.0.1";
    /** The port the egress proxy listens on inside the sandbox. */
    public static final int PROXY_PORT = 3128;

    private static final Network NONE = new Network(Mode.NONE, null);
    private static final Network HOST = new Network(Mode.HOST, null);

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

    private Network(Mode mode, EgressPolicy egress) {
        this(mode, egress, List.of());
    }

    private Network(Mode mode, EgressPolicy egress, List<PublishedPort> published) {
        this.mode = mode;
        this.egress = egress;
        this.published = List.copyOf(published);
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
        return new Network(mode, egress, more);
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
     * @return none, host or egress
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
                && n.published.equals(published);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, egress, published);
    }

    /** {@code none}, {@code host}, {@code egress}: the names {@code sandbox-run --network} takes. */
    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
