package dev.sandbox4j.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.NatBackend;
import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.it.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Network#nat()} through each installed backend (CI installs both). Traffic goes only to a server this test
 * starts on the host's 127.0.0.1, reached through the backend's host-loopback mapping.
 */
class NatIT {
    /** Prints the interface of the default route, then connects to argv[1]:argv[2] and prints what it read. */
    private static final String CLIENT = """
            import socket,sys
            print('route:'+next((l.split()[0] for l in open('/proc/net/route') if l.split()[1]=='00000000'), '-'))
            s=socket.socket(); s.settimeout(5)
            try:
                s.connect((sys.argv[1], int(sys.argv[2]))); print('got:'+s.makefile().readline().strip())
            except Exception as e:
                print('failed:'+type(e).__name__)
            """;

    static Stream<NatBackend> backends() {
        List<NatBackend> installed = new ArrayList<>();
        for (NatBackend b : NatBackend.values()) {
            if (Stream.of("/usr/bin", "/usr/local/bin", "/bin").anyMatch(d -> Files.isExecutable(Path.of(d,
                    b.command())))) {
                installed.add(b);
            }
        }
        assertThat(installed).as("neither pasta (passt) nor slirp4netns is installed: .ci/run installs both")
                .isNotEmpty();
        return installed.stream();
    }

    /** A server on the host's 127.0.0.1 that greets whoever connects, counting them. */
    private static final class HostServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final Thread thread = Thread.ofVirtual().start(this::serve);

        HostServer() throws IOException {}

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept()) {
                    accepted.incrementAndGet();
                    c.getOutputStream().write("hello from the host\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                assertThat(thread.join(java.time.Duration.ofSeconds(10))).as("the server thread ended").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static List<String> run(Network network, String host, int port) throws Exception {
        try (SandboxProcess p = Sandbox.builder().network(network)
                .command("/usr/bin/python3", "-c", CLIENT, host, Integer.toString(port)).start()) {
            SandboxResult r = p.result().get(60, TimeUnit.SECONDS);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(r.exitCode()).as(r + err).hasValue(0);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withHostLoopbackAllowedTheSandboxReachesAServerOnTheHostsLoopback(NatBackend backend) throws Exception {
        try (HostServer server = new HostServer()) {
            List<String> out = run(Network.nat(backend).allowHostLoopback(), backend.hostLoopbackAddress(),
                    server.socket.getLocalPort());
            assertThat(out).containsExactly("route:eth0", "got:hello from the host");
            assertThat(server.accepted).hasValue(1);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withoutItTheHostsLoopbackIsOutOfReach(NatBackend backend) throws Exception {
        try (HostServer server = new HostServer()) {
            List<String> out = run(Network.nat(backend), backend.hostLoopbackAddress(), server.socket.getLocalPort());
            assertThat(out.get(0)).as("a default route out through eth0").isEqualTo("route:eth0");
            assertThat(out.get(1)).startsWith("failed:");
            assertThat(server.accepted).hasValue(0);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theHelperLivesExactlyAsLongAsTheSandbox(NatBackend backend) throws Exception {
        long helper;
        try (SandboxProcess p = Sandbox.builder().network(Network.nat(backend)).command("/bin/sleep", "600")
                .redirectOutput(Redirect.DISCARD).start()) {
            helper = helperOf(backend, p.pid());
            assertThat(Path.of("/proc/" + helper)).exists();
            p.destroyForcibly();
            p.result().get(30, TimeUnit.SECONDS);
        }
        // reaped before the sandbox's end was reported
        assertThat(Path.of("/proc/" + helper)).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theHelperIsGoneAfterTheJvmIsKilled(NatBackend backend) throws Exception {
        Process jvm = ChildJvm.start(HolderMain.class, Redirect.PIPE, backend.name());
        long helper;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            helper = helperOf(backend, Long.parseLong(out.readLine()));
            assertThat(Path.of("/proc/" + helper)).exists();
        } finally {
            jvm.destroyForcibly(); // SIGKILL
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(Path.of("/proc/" + helper))) {
            assertThat(System.nanoTime()).as("helper " + helper + " outlived the killed JVM").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String parentOf(Object pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
    }

    /**
     * The helper process started for the sandbox whose program is pid: the backend, a child of the shim server
     * that is the init's parent (this class's sandboxes run one at a time, each helper gone with its sandbox).
     */
    static long helperOf(NatBackend backend, long programPid) throws IOException {
        String server = parentOf(parentOf(programPid));
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path d : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String argv0 = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8)
                            .split("\0", 2)[0];
                    if (argv0.endsWith("/" + backend.command()) && parentOf(d.getFileName()).equals(server)) {
                        found.add(Long.parseLong(d.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended while listed
                }
            }
        }
        assertThat(found).as(backend + " helper of shim server " + server).hasSize(1);
        return found.get(0);
    }

    /** The child JVM: a NAT sandbox sleeping; prints its program's pid and waits to be killed. */
    public static final class HolderMain {
        public static void main(String[] args) throws Exception {
            SandboxProcess p = Sandbox.builder().network(Network.nat(NatBackend.valueOf(args[0])))
                    .command("/bin/sleep", "600").redirectOutput(Redirect.DISCARD).start();
            System.out.println(p.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
