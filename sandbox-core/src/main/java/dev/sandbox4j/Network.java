package dev.sandbox4j;

import java.util.Objects;

/**
 * What network a sandbox gets; set with {@link SandboxBuilder#network(Network)}.
 *
 * <ul>
 *   <li>{@link #none()} (the default): a network namespace of its own with only {@code lo}: nothing leaves it.</li>
 *   <li>{@link #host()}: the host's network namespace, the same as {@code share(Namespace.NET)}.</li>
 * </ul>
 *
 * <pre>{@code
 * Sandbox.builder().network(Network.none()).command("/bin/ip", "addr").start();   // only lo
 * Sandbox.builder().network(Network.host()).command("/usr/bin/curl", "http://127.0.0.1:8080/").start();
 * }</pre>
 */
public final class Network {
    /** The kinds of network a sandbox can have. */
    public enum Mode {
        /** Its own network namespace with only {@code lo}. */
        NONE,
        /** The host's network namespace. */
        HOST
    }

    private static final Network NONE = new Network(Mode.NONE);
    private static final Network HOST = new Network(Mode.HOST);

    private final Mode mode;

    private Network(Mode mode) {
        this.mode = mode;
    }

    /** Only {@code lo} in a network namespace of the sandbox's own: the default. */
    public static Network none() {
        return NONE;
    }

    /** The host's network namespace (no isolation of the network at all). */
    public static Network host() {
        return HOST;
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the sandbox gets a network namespace of its own. */
    public boolean ownNamespace() {
        return mode != Mode.HOST;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.mode == mode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode);
    }

    /** {@code none}, {@code host}: the names {@code sandbox-run --network} takes. */
    @Override
    public String toString() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
