package dev.sandbox4j.internal.net;

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
     * Writes the ops, each noted with the builder setting behind it, so that a failed one is named
     * as the user wrote it ("publish 127.0.0.1:8080->80, op 7 of 19: ...").
     */
    public static void encode(Network network, PlanWriter w) {
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
}
