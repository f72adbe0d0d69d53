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

    /** The outer ops: the NAT helper, or the veth pair from a private network's switch. */
    public static void outer(Network network, boolean userNs, boolean rootless, HostIds ids, PlanWriter w) {
        NatHelper.encode(network, userNs, rootless, ids, w);
        if (network.mode() == Network.Mode.PRIVATE) {
            PrivateNetwork n = PrivateNetwork.of(network.attached().orElseThrow());
            int address = n.subnet().member(network.memberAddress().orElseThrow()); // leased by NetSetup
            w.op(OpCode.NET_VETH).str(n.switchNamespace()).str(PrivateNetwork.BRIDGE)
                    .str(new PrivateNetwork.Lease(n, address, null).outside()).str(NatHelper.INTERFACE).end();
        }
    }

    public static void encode(Network network, PlanWriter w) {
        if (network.mode() == Network.Mode.PRIVATE) {
            PrivateNetwork n = PrivateNetwork.of(network.attached().orElseThrow());
            int address = n.subnet().member(network.memberAddress().orElseThrow());
            w.op(OpCode.NET_ADDR).str(NatHelper.INTERFACE).bytes(PrivateSubnet.bytes(address))
                    .u32(n.subnet().prefix()).end();
        }
        if (network.mode() == Network.Mode.EGRESS) {
            w.op(OpCode.NET_LISTEN).u32(OpCode.FD_NET).bytes(NetCalls.sockaddr(proxyAddress())).u32(BACKLOG).end();
        }
        if (!network.published().isEmpty()) {
            w.op(OpCode.NET_SOCKETS).u32(OpCode.FD_NET).end(); // after NET_LISTEN: its socket comes first
        }
    }

    static InetSocketAddress proxyAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByName(Network.PROXY_ADDRESS), Network.PROXY_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a literal
        }
    }
}
