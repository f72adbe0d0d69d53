package dev.sandbox4j.internal.net;

import dev.sandbox4j.internal.sys.NetCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import java.io.IOException;

/**
 * The egress proxy of one sandbox. The init created its listening socket on 127.0.0.1 inside the sandbox's
 * network namespace (OP_NET_LISTEN) and sent it over the channel; this accepts on it from the JVM, so the
 * proxy's whole logic runs here and the shim only made a socket with an address Java gave it.
 */
final class EgressRelay {
    private static final System.Logger LOG = System.getLogger(EgressRelay.class.getName());

    private final EgressGate gate;
    private final SandboxSockets sockets;
    private final int listen;

    /** @param listen the listening socket the init made, or -1 when it made none (the start failed) */
    EgressRelay(EgressGate gate, SandboxSockets sockets, int listen) {
        this.gate = gate;
        this.sockets = sockets;
        this.listen = listen;
    }

    void start() {
        Thread.ofPlatform().daemon().name("sandbox4j-egress").start(this::acceptLoop);
    }

    private void acceptLoop() {
        if (listen < 0 || !sockets.add(listen)) {
            return; // the sandbox failed before its proxy existed, or has ended
        }
        try {
            for (;;) {
                int fd = NetCalls.accept(listen);
                if (!sockets.add(fd)) {
                    return;
                }
                Thread.ofPlatform().daemon().name("sandbox4j-egress-conn").start(() -> serve(fd));
            }
        } catch (SyscallException e) {
            if (!sockets.closed()) {
                LOG.log(System.Logger.Level.WARNING, "egress proxy stopped accepting", e);
            }
        } finally {
            sockets.close(listen);
        }
    }

    private void serve(int fd) {
        try {
            new ProxyConnection(gate, fd).run();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "egress proxy connection ended: {0}", e.toString());
        } finally {
            sockets.close(fd);
        }
    }
}
