package dev.sandbox4j.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.EgressPolicy;
import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The host talks to a server inside a sandbox that has only lo, through a published port. */
class PublishIT {
    /** Serves one connection on 127.0.0.1:8080 inside: answers "echo:" + the line it got, then exits. */
    private static final String SERVER = "import socket,sys\\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\\n"
            + "s.bind(('127.0.0.1', 8080)); s.listen(1)\\n"
            + "print('ready', flush=True)\\n"
            + "c,_=s.accept(); f=c.makefile('rwb')\\n"
            + "f.write(b'echo:'+f.readline()); f.flush(); c.close()\\n";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String talk(int port, String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static void roundTrip(Network network, int port) throws Exception {
        try (SandboxProcess p = Sandbox.builder().network(network)
                .command("/usr/bin/python3", "-c", SERVER.replace("\\n", "\n")).start()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready"); // the server listens inside: connect now
            assertThat(talk(port, "hello sandbox")).isEqualTo("echo:hello sandbox");
            SandboxResult r = p.result().join();
            assertThat(r.exitCode()).as(r.toString() + new String(p.getErrorStream().readAllBytes())).hasValue(0);
        }
        // the sandbox ended: its published port is closed again
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> talk(port, "x")).isInstanceOf(ConnectException.class);
    }

    @Test
    void theHostReachesAServerInsideANoneSandbox() throws Exception {
        int port = freePort();
        roundTrip(Network.none().publish(port, 8080), port);
    }

    @Test
    void theHostReachesAServerInsideANatSandbox() throws Exception {
        int port = freePort();
        roundTrip(Network.nat().publish(port, 8080), port);
    }

    @Test
    void theHostReachesAServerInsideAPrivateNetworksMember() throws Exception {
        int port = freePort();
        try (dev.sandbox4j.SandboxNetwork net = dev.sandbox4j.SandboxNetwork.create("pubit", "10.89.12.0/24")) {
            roundTrip(Network.attach(net).publish(port, 8080), port);
        }
    }

    @Test
    void publishingWorksBesideTheEgressProxy() throws Exception {
        int port = freePort();
        roundTrip(Network.egress(EgressPolicy.denyAll()).publish(port, 8080), port);
    }

    @Test
    void aConnectionBeforeTheServerListensEndsWithoutAnAnswer() throws Exception {
        int port = freePort();
        try (SandboxProcess p = Sandbox.builder().network(Network.none().publish(port, 8080))
                .command("/bin/sh", "-c", "read x").start()) {
            // nothing listens on 8080 inside: the connection is accepted on the host and closed at once
            assertThat(talk(port, "anyone?")).isNull();
            p.getOutputStream().close();
            assertThat(p.result().join().exitCode()).hasValue(1);
        }
    }
}
