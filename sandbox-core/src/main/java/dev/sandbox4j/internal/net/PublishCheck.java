package dev.sandbox4j.internal.net;

import dev.sandbox4j.Network;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code build()} can tell about published ports before anything starts: a host port the caller may
 * not listen on, or one that is in use now. The start binds for real and fails cleanly if the port was taken
 * in between.
 */
final class PublishCheck {
    private static final Path UNPRIVILEGED_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

    private PublishCheck() {}

    static void check(Network network, int euid) {
        for (Network.PublishedPort p : network.published()) {
            int start = unprivilegedStart();
            if (euid != 0 && p.hostPort() < start) {
                throw new IllegalStateException("published host port " + p.hostPort() + " is below " + start
                        + " (net.ipv4.ip_unprivileged_port_start): only root may listen there, and this JVM runs as "
                        + "euid " + euid + "; publish on a port of " + start + " or above");
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.hostPort()));
            } catch (IOException e) {
                throw new IllegalStateException("published host port 127.0.0.1:" + p.hostPort() + " is not free ("
                        + e.getMessage() + "): stop what listens there or publish another port");
            }
        }
    }

    private static int unprivilegedStart() {
        // Not Files.readString: it sizes its read by the file's size, and a sysctl file says 0 (it read "1").
        try (InputStream in = Files.newInputStream(UNPRIVILEGED_START)) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 1024; // the kernel's default
        }
    }
}
