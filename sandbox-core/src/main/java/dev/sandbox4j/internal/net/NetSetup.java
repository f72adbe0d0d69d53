package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.sys.NetCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import java.util.Map;

/**
 * The JVM's side of one sandbox's network: for an egress network, the unix socket pair whose far end the
 * init gets as {@link OpCode#FD_NET}, and the proxy that serves what comes over it. Closed when the sandbox
 * ended (or its start failed).
 */
public final class NetSetup implements AutoCloseable {
    private final Network network;
    private final SandboxSockets sockets = new SandboxSockets();
    private int initEnd = -1;
    private int jvmEnd = -1;

    private NetSetup(Network network) {
        this.network = network;
    }

    public static NetSetup prepare(Network network) throws SyscallException {
        NetSetup s = new NetSetup(network);
        if (network.mode() == Network.Mode.EGRESS) {
            int[] pair = NetCalls.seqpacketPair();
            s.jvmEnd = pair[0];
            s.initEnd = pair[1];
            s.sockets.add(s.jvmEnd);
        }
        return s;
    }

    /** The fds the init gets: slot to the JVM's fd. */
    public Map<Integer, Integer> initFds() {
        return initEnd < 0 ? Map.of() : Map.of(OpCode.FD_NET, initEnd);
    }

    /** The sandbox is running: let go of the init's end and serve ours. */
    public void launched(Process sandbox) {
        closeInitEnd();
        if (network.mode() == Network.Mode.EGRESS) {
            new EgressRelay(new EgressGate(network.egressPolicy(), "sandbox " + sandbox.pid()), sockets, jvmEnd)
                    .start();
        }
    }

    private synchronized void closeInitEnd() {
        if (initEnd >= 0) {
            NetCalls.close(initEnd);
            initEnd = -1;
        }
    }

    @Override
    public void close() {
        closeInitEnd();
        sockets.close();
        if (jvmEnd >= 0) {
            sockets.close(jvmEnd);
        }
    }
}
