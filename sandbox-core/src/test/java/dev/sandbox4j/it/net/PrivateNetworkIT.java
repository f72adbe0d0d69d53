package dev.sandbox4j.it.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxNetwork;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Two sandboxes on one private network reach each other and nothing else; the host is untouched. */
class PrivateNetworkIT {
    /** Serves 2 connections on 0.0.0.0:8080, greeting each. */
    private static final String SERVER = """
            import socket
            s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('0.0.0.0', 8080)); s.listen(4)
            print('ready', flush=True)
            for i in range(2):
                c,_=s.accept(); c.sendall(b'hello from a\\n'); c.close()
            """;
    /** Connects to each HOST:PORT argument, printing what it read or why it failed. */
    private static final String CLIENT = """
            import socket,sys
            for t in sys.argv[1:]:
                h,p=t.rsplit(':',1); s=socket.socket(); s.settimeout(5)
                try:
                    s.connect((h,int(p))); print(t+' got:'+s.makefile().readline().strip())
                except Exception as e:
                    print(t+' failed:'+type(e).__name__)
            """;

    private static List<String> host(String... cmd) throws Exception {
        String[] full = cmd.clone();
        full[0] = Stream.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").map(d -> d + cmd[0])
                .filter(f -> Files.isExecutable(Path.of(f))).findFirst().orElse(null);
        if (full[0] == null) {
            return List.of("(no " + cmd[0] + ")");
        }
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> hostState() throws Exception {
        List<String> s = new ArrayList<>();
        s.addAll(host("ip", "-o", "link", "show"));
        s.addAll(host("ip", "-o", "addr", "show"));
        s.addAll(host("ip", "route", "show", "table", "all"));
        s.addAll(host("nft", "list", "ruleset"));
        return s;
    }

    private static List<String> client(Network network, String... targets) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", CLIENT));
        cmd.addAll(List.of(targets));
        try (SandboxProcess p = Sandbox.builder().network(network).command(cmd).start()) {
            SandboxResult r = p.result().get(60, TimeUnit.SECONDS);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(r.exitCode()).as(r + err).hasValue(0);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The switch: the process whose hostname is switch-NAME; its network namespace's inode. */
    private static String[] switchOf(String name) throws Exception {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path d : procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmd = Files.readString(d.resolve("cmdline"));
                    if (cmd.equals("/bin/sleep\0infinity\0") && host("nsenter", "-t", d.getFileName().toString(),
                            "-U", "--preserve-credentials", "-u", "hostname").equals(List.of("switch-" + name))) {
                        return new String[] {d.getFileName().toString(), Files.readSymbolicLink(d.resolve("ns/net"))
                                .toString()};
                    }
                } catch (IOException gone) {
                    // ended while listed
                }
            }
        }
        throw new AssertionError("no switch for network " + name);
    }

    private static boolean anyProcessIn(String netns) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(d -> d.getFileName().toString().matches("[0-9]+")).anyMatch(d -> {
                try {
                    return Files.readSymbolicLink(d.resolve("ns/net")).toString().equals(netns);
                } catch (IOException gone) {
                    return false;
                }
            });
        }
    }

    @Test
    void membersReachEachOtherByNameAndAddressAndNothingElse() throws Exception {
        List<String> before = hostState();
        String[] sw;
        int hostPort;
        try (ServerSocket hostServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SandboxNetwork net = SandboxNetwork.create("pnit", "10.89.7.0/24")) {
            hostPort = hostServer.getLocalPort();
            sw = switchOf("pnit");
            try (SandboxProcess a = Sandbox.builder().network(Network.attach(net, "alpha", "10.89.7.10"))
                    .command("/usr/bin/python3", "-c", SERVER).redirectError(Redirect.INHERIT).start()) {
                BufferedReader out = new BufferedReader(new InputStreamReader(a.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("ready");
                dev.sandbox4j.SandboxDescription d = a.describe();
                assertThat(d.networkInterfaces()).contains("eth0", "lo");
                assertThat(d.networkAddresses()).contains("10.89.7.10", "127.0.0.1");
                assertThat(d.network()).contains("pnit", "10.89.7.10", "alpha");
                assertThat(client(Network.attach(net, "beta", null), "alpha:8080", "10.89.7.10:8080",
                        "127.0.0.1:" + hostPort)).containsExactly("alpha:8080 got:hello from a",
                                "10.89.7.10:8080 got:hello from a", "127.0.0.1:" + hostPort + " failed:"
                                        + "ConnectionRefusedError");
                // not on the network: no route to the member
                assertThat(client(Network.none(), "10.89.7.10:8080").get(0)).startsWith("10.89.7.10:8080 failed:");
                assertThat(a.result().get(30, TimeUnit.SECONDS).exitCode()).hasValue(0);
            }
            assertThat(host("nsenter", "-t", sw[0], "-U", "--preserve-credentials", "-n", "ip", "-o", "link",
                    "show")).anyMatch(l -> l.contains(
                    " br0:"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (anyProcessIn(sw[1])) {
            assertThat(System.nanoTime()).as("the switch namespace outlived close()").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(hostState()).isEqualTo(before);
    }

    @Test
    void anAddressIsFreeAgainAsSoonAsItsMemberEnded() throws Exception {
        try (SandboxNetwork net = SandboxNetwork.create("pnreuse", "10.89.11.0/24")) {
            for (int i = 0; i < 5; i++) {
                // the ended member's veth end may linger in the switch while the kernel frees its namespace
                assertThat(client(Network.attach(net, "same", "10.89.11.5"))).isEmpty();
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() throws Exception {
        assertThatThrownBy(() -> SandboxNetwork.create("Bad Name", "10.89.8.0/24"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network name 'Bad Name'");
        assertThatThrownBy(() -> SandboxNetwork.create("x", "10.89.8.0/33")).hasMessageContaining("10.89.8.0/33");
        assertThatThrownBy(() -> SandboxNetwork.create("x", "10.89.8.1/24")).hasMessageContaining("bits set");
        assertThatThrownBy(() -> SandboxNetwork.create("x", "fd00::/64")).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> Network.attach(null)).isInstanceOf(NullPointerException.class);
        try (SandboxNetwork net = SandboxNetwork.create("pnbad", "10.89.9.0/24")) {
            assertThatThrownBy(() -> SandboxNetwork.create("pnbad2", "10.89.0.0/16"))
                    .hasMessageContaining("overlaps 10.89.9.0/24 of private network pnbad");
            assertThatThrownBy(() -> SandboxNetwork.create("pnbad", "10.89.10.0/24"))
                    .hasMessageContaining("named pnbad exists");
            assertThatThrownBy(() -> Sandbox.builder().network(Network.attach(net, "x", "10.89.10.5"))
                    .command("/bin/true").start()).hasMessageContaining("10.89.10.5")
                    .hasMessageContaining("not a member address of 10.89.9.0/24");
            assertThatThrownBy(() -> Network.attach(net, "bad_name", null)).hasMessageContaining("bad_name");
        }
    }
}
