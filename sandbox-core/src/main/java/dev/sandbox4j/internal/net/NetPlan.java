package dev.sandbox4j.internal.net;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.Network;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.sys.NetCalls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The init ops a network needs after {@code lo} is up: where the egress proxy listens, sockets on request. */
public final class NetPlan {
    /** Connections the proxy's socket queues before the JVM accepts them. */
    static final int BACKLOG = 128;

    private NetPlan() {}

    /**
     * Whether the sandbox's user namespace is made inside its private network's switch's (rootless), whose maps
     * {@link OpCode#NET_USERNS} then carries instead of the usual map ops.
     */
    public static boolean nested(Network network, boolean rootless) {
        return rootless && network.mode() == Network.Mode.PRIVATE;
    }

    /** The outer ops: the NAT helper, or the veth pair from a private network's switch. */
    public static void outer(Network network, boolean userNs, boolean rootless, HostIds ids, PlanWriter w) {
        NatHelper.encode(network, userNs, rootless, ids, w);
        if (network.mode() == Network.Mode.PRIVATE) {
            PrivateNetwork n = PrivateNetwork.of(network.attached().orElseThrow());
            int address = n.subnet().member(network.memberAddress().orElseThrow()); // leased by NetSetup
            // Rootless only the switch's user namespace can hold CAP_NET_ADMIN over both ends: the member's
            // user namespace is made inside it, and the server's child joins it to make the pair.
            String userns = rootless ? n.switchUserNamespace() : "";
            if (rootless) {
                w.op(OpCode.NET_USERNS).str(userns).str(n.identityMap("uid_map")).str(n.identityMap("gid_map"))
                        .note(attachNote(network)).end();
            }
            w.op(OpCode.NET_VETH).str(n.switchNamespace()).str(PrivateNetwork.BRIDGE)
                    .str(new PrivateNetwork.Lease(n, address, null).outside()).str(NatHelper.INTERFACE).str(userns)
                    .note(attachNote(network)).end();
        }
    }

    /**
     * Writes the ops, each noted with the builder setting behind it, so that a failed one is named
     * as the user wrote it ("publish 127.0.0.1:8080->80, op 7 of 19: ...").
     */
    public static void encode(Network network, PlanWriter w) {
        if (network.mode() == Network.Mode.PRIVATE) {
            PrivateNetwork n = PrivateNetwork.of(network.attached().orElseThrow());
            int address = n.subnet().member(network.memberAddress().orElseThrow());
            w.op(OpCode.NET_ADDR).str(NatHelper.INTERFACE).bytes(PrivateSubnet.bytes(address))
                    .u32(n.subnet().prefix()).note(attachNote(network)).end();
        }
        if (network.mode() == Network.Mode.EGRESS) {
            w.op(OpCode.NET_LISTEN).u32(OpCode.FD_NET).bytes(NetCalls.sockaddr(proxyAddress())).u32(BACKLOG)
                    .note("network egress: its proxy on " + Network.PROXY_ADDRESS + ":" + Network.PROXY_PORT).end();
        }
        if (!network.published().isEmpty()) {
            // after NET_LISTEN: its socket comes first
            w.op(OpCode.NET_SOCKETS).u32(OpCode.FD_NET).note("publish " + String.join(", ",
                    network.published().stream().map(Network.PublishedPort::toString).toList())).end();
        }
    }

    static InetSocketAddress proxyAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByName(Network.PROXY_ADDRESS), Network.PROXY_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a literal
        }
    }

    private static String attachNote(Network network) {
        return "network attach(" + network.attached().orElseThrow() + network.memberAddress().map(a -> ", " + a)
                .orElse("") + ")";
    }
}
