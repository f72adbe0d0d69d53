package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.sys.NetCalls;
import dev.sandbox4j.internal.sys.SyscallException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * One published port: the JVM listens on the host's 127.0.0.1:hostPort; for each connection it asks the
 * sandbox's init for a fresh socket of the sandbox's network namespace (OP_NET_SOCKETS), connects it to
 * 127.0.0.1:sandboxPort there, and splices the two. The shim only creates sockets; where they connect is Java's.
 */
final class PublishRelay implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final System.Logger LOG = System.getLogger(PublishRelay.class.getName());

    /** Asks the init for a socket; one request at a time on the shared channel. */
    interface SocketSource {
        int newTcpSocket() throws SyscallException;
    }

    private final Network.PublishedPort port;
    private final ServerSocket listener;
    private final SandboxSockets sockets;
    private Thread acceptor;

    /** Binds the host side now, so a port in use fails the start before the sandbox exists. */
    PublishRelay(Network.PublishedPort port, SandboxSockets sockets) throws SandboxStartException {
        this.port = port;
        this.sockets = sockets;
        try {
            listener = new ServerSocket();
            try {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.hostPort()));
            } catch (IOException e) {
                listener.close();
                throw e;
            }
        } catch (IOException e) {
            throw new SandboxStartException("publish", "cannot listen on 127.0.0.1:" + port.hostPort()
                    + " to publish sandbox port " + port.sandboxPort() + ": " + e.getMessage(), e);
        }
    }

    synchronized void start(SocketSource source) {
        acceptor = Thread.ofPlatform().daemon().name("sandbox4j-net-publish-" + port.hostPort()).start(() -> {
            while (!listener.isClosed()) {
                Socket host;
                try {
                    host = listener.accept();
                } catch (IOException e) {
                    return; // closed: the sandbox ended
                }
                Thread.ofPlatform().daemon().name("sandbox4j-net-conn").start(() -> relay(host, source));
            }
        });
    }

    private void relay(Socket host, SocketSource source) {
        int fd = -1;
        try {
            fd = source.newTcpSocket();
            if (fd < 0 || !sockets.add(fd)) {
                Splice.closeQuietly(host);
                return;
            }
            NetCalls.connect(fd, new InetSocketAddress(InetAddress.getLoopbackAddress(), port.sandboxPort()),
                    CONNECT_TIMEOUT_MILLIS);
            Splice.run(fd, host, new byte[0], 0);
        } catch (SyscallException e) {
            LOG.log(System.Logger.Level.DEBUG, "published port {0}: {1}", port, e.getMessage());
            Splice.closeQuietly(host); // nothing listens inside (yet): the client sees the connection end
        } finally {
            if (fd >= 0) {
                sockets.close(fd);
            }
        }
    }

    /**
     * Stops listening. A thread blocked in accept keeps the kernel's socket listening until it has left the
     * call, so wait for it: once this returns, the port refuses connections.
     */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listener: nothing to lose
        }
        Thread t;
        synchronized (this) {
            t = acceptor;
        }
        if (t != null) {
            try {
                t.join(5_000); // woken by the close at once; bounded should the JDK ever not wake it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
