package dev.sandbox4j;

import dev.sandbox4j.internal.net.PrivateNetwork;
import java.io.IOException;

/**
 * A private network between sandboxes: each member ({@link Network#attach(SandboxNetwork)}) gets a network
 * namespace of its own with {@code lo} and an {@code eth0} joined by a veth pair to a bridge in a hidden network
 * namespace the library owns (the "switch"). Members reach each other by address and by the names given at
 * attach time (each member's {@code /etc/hosts} lists them), and nothing else: no route leaves the subnet, and
 * nothing is added to the host's interfaces, routes or firewall. {@link #close()} removes the network once its
 * last member has ended. As root and rootless (rootless, members map the same ids as the switch: the defaults).
 *
 * <pre>{@code
 * try (SandboxNetwork net = SandboxNetwork.create("backend", "10.89.0.0/24")) {
 *     SandboxProcess db = Sandbox.builder().network(Network.attach(net, "db", "10.89.0.10"))
 *             .command("redis-server").start();
 *     Sandbox.builder().network(Network.attach(net)).command("redis-cli", "-h", "db", "ping").start();
 * }
 * }</pre>
 */
public final class SandboxNetwork implements AutoCloseable {
    private final PrivateNetwork impl;

    private SandboxNetwork(String name, String subnet) throws IOException {
        this.impl = PrivateNetwork.create(this, name, subnet);
    }

    /**
     * Creates a network and its switch.
     *
     * @param name   1-63 lower-case letters, digits, '_', '.', '-'; unique among this JVM's open networks
     * @param subnet an IPv4 range, {@code /8} to {@code /30}, that overlaps neither another open network nor a
     *               route of the host's
     * @return the network, empty until a sandbox attaches
     * @throws IllegalArgumentException naming a bad or overlapping name or subnet
     * @throws IOException              when the switch could not be started
     */
    public static SandboxNetwork create(String name, String subnet) throws IOException {
        return new SandboxNetwork(name, subnet);
    }

    /**
     * The name given at creation.
     *
     * @return the network's name
     */
    public String name() {
        return impl.name();
    }

    /**
     * The subnet given at creation.
     *
     * @return the subnet, e.g. {@code 10.89.0.0/24}
     */
    public String subnet() {
        return impl.subnet().toString();
    }

    /** No new members; the network is removed now, or once its last running member has ended. */
    @Override
    public void close() {
        impl.close();
    }

    @Override
    public String toString() {
        return impl.name() + " " + impl.subnet();
    }
}
