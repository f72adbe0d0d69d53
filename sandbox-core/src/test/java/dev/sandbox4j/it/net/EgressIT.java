package dev.sandbox4j.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.EgressPolicy;
import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.Run;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The egress allow-list, proven from inside with curl against a server on the host's 127.0.0.1. The names
 * allowed.test and denied.test exist only in the policy's resolver, which maps them to the loopback address:
 * no traffic can leave the machine, and the host's /etc/hosts is not touched.
 */
class EgressIT {
    private static final String CURL = "curl -sS --max-time 10 ";

    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Logger julEgress = Logger.getLogger("dev.sandbox4j.egress");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            audit.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private LoopbackHttpServer server;

    @BeforeEach
    void setUp() throws Exception {
        julEgress.addHandler(capture);
        server = new LoopbackHttpServer("hello from the host");
    }

    @AfterEach
    void tearDown() throws Exception {
        julEgress.removeHandler(capture);
        server.close();
        // Every sandbox above has ended: its proxy's threads end with it (bounded wait, they are woken at once).
        for (Thread t : proxyThreads()) {
            t.join(5_000);
        }
        assertThat(proxyThreads()).extracting(Thread::getName).isEmpty();
    }

    private static List<Thread> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sandbox4j-egress") || t.getName().startsWith("sandbox4j-net"))
                .toList();
    }

    private static List<InetAddress> testNames(String name) throws UnknownHostException {
        if (name.equals("allowed.test") || name.equals("denied.test")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        throw new UnknownHostException(name + " (only allowed.test and denied.test exist in this test)");
    }

    private EgressPolicy policy() {
        return EgressPolicy.denyAll().allow("allowed.test", server.port()).resolver(EgressIT::testNames);
    }

    private Run curl(EgressPolicy policy, String args) throws Exception {
        return Run.sh(Sandbox.builder().network(Network.egress(policy)), CURL + args);
    }

    @Test
    void anAllowedNameIsReachedThroughEachProxyProtocol() throws Exception {
        int port = server.port();
        String url = "http://allowed.test:" + port + "/x";
        Run plain = curl(policy(), url); // http_proxy: plain HTTP with an absolute URI
        assertThat(plain.stdout()).as(plain.toString()).isEqualTo("hello from the host");
        Run tunnel = curl(policy(), "-p " + url); // --proxytunnel: HTTP CONNECT
        assertThat(tunnel.stdout()).as(tunnel.toString()).isEqualTo("hello from the host");
        Run socks = Run.sh(Sandbox.builder().network(Network.egress(policy())),
                "unset http_proxy HTTP_PROXY; echo \"$ALL_PROXY\" >&2; " + CURL + url); // all_proxy: SOCKS5
        assertThat(socks.stdout()).as(socks.toString()).isEqualTo("hello from the host");
        assertThat(socks.stderr()).contains("socks5h://127.0.0.1:3128");
        assertThat(server.requestLines).containsExactly("GET /x HTTP/1.1", "GET /x HTTP/1.1", "GET /x HTTP/1.1");
        assertThat(audit).hasSize(3).allMatch(l -> l.contains("ALLOW allowed.test:" + port)
                && l.contains("rule allowed.test:" + port));
    }

    @Test
    void anotherNameARawAddressAndAnotherPortAreRefused() throws Exception {
        int port = server.port();
        Run denied = curl(policy(), "-f http://denied.test:" + port + "/");
        assertThat(denied.result().exitCode()).as(denied.toString()).hasValue(22); // HTTP 403 from the proxy
        Run raw = curl(policy(), "-f -p http://127.0.0.1:" + port + "/"); // the address allowed.test resolves to
        assertThat(raw.result().exitCode()).as(raw.toString()).isNotEqualTo(0);
        Run socksRaw = Run.sh(Sandbox.builder().network(Network.egress(policy())),
                "unset http_proxy HTTP_PROXY; " + CURL + "http://127.0.0.1:" + port + "/");
        assertThat(socksRaw.result().exitCode()).as(socksRaw.toString()).isNotEqualTo(0);
        Run otherPort = curl(policy(), "-f http://allowed.test:" + (port == 65535 ? 1 : port + 1) + "/");
        assertThat(otherPort.result().exitCode()).as(otherPort.toString()).hasValue(22);
        assertThat(server.requestLines).isEmpty();
        assertThat(audit).hasSize(4).allMatch(l -> l.contains("DENY"));
        assertThat(audit.get(0)).contains("denied.test:" + port, "no rule allows it");
        assertThat(audit.get(1)).contains("127.0.0.1:" + port);
    }

    @Test
    void aProgramIgnoringTheProxyHasNoRouteOut() throws Exception {
        Run direct = curl(policy(), "--noproxy '*' --connect-timeout 5 http://127.0.0.1:" + server.port() + "/");
        assertThat(direct.result().exitCode()).as(direct.toString()).hasValue(7); // could not connect
        Run byName = Run.sh(Sandbox.builder().network(Network.egress(policy())),
                "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '");
        assertThat(byName.stdout().strip()).isEqualTo("lo");
        assertThat(server.requestLines).isEmpty();
        assertThat(audit).isEmpty(); // the proxy never saw it
    }

    @Test
    void theAskCallbackDecidesWhatNoRuleDoes() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        EgressPolicy no = EgressPolicy.denyAll().resolver(EgressIT::testNames).ask((host, port) -> {
            asked.add(host + ":" + port);
            return false;
        });
        String url = "http://denied.test:" + server.port() + "/";
        Run r = curl(no, "-f " + url);
        assertThat(r.result().exitCode()).as(r.toString()).hasValue(22);
        assertThat(asked).containsExactly("denied.test:" + server.port());
        assertThat(server.requestLines).isEmpty();
        assertThat(audit).singleElement().asString().contains("DENY", "ask answered no");

        Run yes = curl(EgressPolicy.denyAll().resolver(EgressIT::testNames).ask((h, p) -> true), url);
        assertThat(yes.stdout()).as(yes.toString()).isEqualTo("hello from the host");
        assertThat(audit).hasSize(2).last().asString().contains("ALLOW", "ask answered yes");
    }
}
