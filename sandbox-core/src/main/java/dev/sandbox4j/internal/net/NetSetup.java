package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;
import dev.sandbox4j.SandboxNetwork;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.sys.NetCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM's side of one sandbox's network: for an egress network, the unix socket pair whose far end the
 * init gets as {@link OpCode#FD_NET}, and the proxy that serves what comes over it. Closed when the sandbox
 * ended (or its start failed).
 */
public final class NetSetup implements AutoCloseable {
    private final Network network;
    /** A private network's member place while the sandbox runs, else null. */
    private PrivateNetwork.Lease lease;
    /** The network as started: a private network's member with its leased address. */
    private Network resolved;
    private final SandboxSockets sockets = new SandboxSockets();
    private final List<PublishRelay> published = new ArrayList<>();
    private int initEnd = -1;
    private int jvmEnd = -1;
    /** Set by {@link #close()}: jvmEnd's number may belong to another fd by now. Guarded by this. */
    private boolean closed;

    private NetSetup(Network network) {
        this.network = network;
    }

    /** Opens what the sandbox's network needs on the JVM's side; on failure closes it again and throws. */
    public static NetSetup prepare(Network network) throws IOException {
        NetSetup s = new NetSetup(network);
        s.resolved = network;
        try {
            if (network.mode() == Network.Mode.PRIVATE) {
                SandboxNetwork attached = network.attached().orElseThrow();
                s.lease = PrivateNetwork.of(attached).join(network.memberName().orElse(null),
                        network.memberAddress().orElse(null));
                Network r = Network.attach(attached, network.memberName().orElse(null),
                        PrivateSubnet.text(s.lease.address()));
                for (Network.PublishedPort p : network.published()) {
                    r = r.publish(p.hostPort(), p.sandboxPort());
                }
                s.resolved = r;
            }
            if (network.mode() == Network.Mode.EGRESS || !network.published().isEmpty()) {
                int[] pair = NetCalls.seqpacketPair();
                s.jvmEnd = pair[0];
                s.initEnd = pair[1];
                s.sockets.add(s.jvmEnd);
            }
            for (Network.PublishedPort p : network.published()) {
                s.published.add(new PublishRelay(p, s.sockets));
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The network to encode: for a private network's member, with its leased address. */
    public Network network() {
        return resolved;
    }

    /** The fds the init gets: slot to the JVM's fd. */
    public Map<Integer, Integer> initFds() {
        return initEnd < 0 ? Map.of() : Map.of(OpCode.FD_NET, initEnd);
    }

    /** The sandbox is running: let go of the init's end and serve ours. */
    public synchronized void launched(Process sandbox) {
        closeInitEnd();
        if (closed) {
            return; // the sandbox ended already (a quick program): its cleanup ran first
        }
        if (network.mode() == Network.Mode.EGRESS) {
            // The init sent the proxy's socket before the program started, so before any socket we ask for.
            new EgressRelay(new EgressGate(network.egressPolicy(), "sandbox " + sandbox.pid()), sockets,
                    receive()).start();
        }
        for (PublishRelay p : published) {
            p.start(this::newTcpSocket);
        }
    }

    /** The next socket the init sent, or -1 when it sent none (an error is logged by the caller's step). */
    private int receive() {
        try {
            return NetCalls.receiveFd(jvmEnd);
        } catch (SyscallException e) {
            System.getLogger(NetSetup.class.getName()).log(System.Logger.Level.WARNING,
                    "no socket from the sandbox's init", e);
            return -1;
        }
    }

    /** A new TCP socket of the sandbox's namespace; requests and answers pair up under the lock. */
    private synchronized int newTcpSocket() throws SyscallException {
        if (closed) {
            return -1;
        }
        NetCalls.requestSocket(jvmEnd, NetCalls.AF_INET, NetCalls.SOCK_STREAM);
        return NetCalls.receiveFd(jvmEnd);
    }

    private synchronized void closeInitEnd() {
        if (initEnd >= 0) {
            NetCalls.close(initEnd);
            initEnd = -1;
        }
    }

    /** Ends everything; waits for a socket request in flight, which the init's end answers or closes. */
    @Override
    public synchronized void close() {
        closed = true;
        if (lease != null) {
            lease.network().leave(lease);
            lease = null;
        }
        published.forEach(PublishRelay::close);
        closeInitEnd();
        sockets.close();
        if (jvmEnd >= 0) {
            sockets.close(jvmEnd);
        }
    }
}
