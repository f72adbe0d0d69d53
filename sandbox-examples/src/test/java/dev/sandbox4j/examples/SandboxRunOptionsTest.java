package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/**
 * The option to builder mapping, checked without starting anything: the
 * builder refuses a second setting of anything, naming the value already
 * set, which shows what the options set.
 */
class SandboxRunOptionsTest {
    private static SandboxRun parse(String... args) {
        return Cli.parse(args);
    }

    private static SandboxBuilder configured(String... args) {
        return Cli.configured(args);
    }

    @Test
    void commandAfterDoubleDashKeepsItsOwnOptions() {
        SandboxRun run = parse("--timeout", "2s", "--", "/bin/ls", "-l", "--timeout", "3");
        assertThat(run.command).containsExactly("/bin/ls", "-l", "--timeout", "3");
        assertThat(run.process.timeout).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void commandWithoutDoubleDashStopsOptionParsing() {
        assertThat(parse("/bin/ls", "-l").command).containsExactly("/bin/ls", "-l");
    }

    @Test
    void shareOptionsShareExactlyThoseNamespaces() {
        SandboxRun run = parse("--share-net", "--share-time", "--", "/bin/true");
        assertThat(run.namespaces.shared()).containsExactly(Namespace.NET, Namespace.TIME);
        SandboxBuilder b = Sandbox.builder();
        run.configure(b);
        assertThatThrownBy(() -> b.share(Namespace.NET)).hasMessageContaining("already set to shared");
        assertThatThrownBy(() -> b.share(Namespace.TIME)).hasMessageContaining("already set to shared");
        b.share(Namespace.PID).accounting(); // not touched by the options (a shared pid namespace needs a cgroup)
        assertThat(b.build().toString()).doesNotContain("NET", "TIME", "PID").contains("USER");
    }

    @Test
    void networkOptionSetsTheNetwork() {
        assertThat(Cli.configured("--network", "host", "--", "/bin/true").build().network())
                .isEqualTo(dev.sandbox4j.Network.host());
        assertThat(Cli.configured("--network", "none", "--", "/bin/true").build().network())
                .isEqualTo(dev.sandbox4j.Network.none());
        assertThatThrownBy(() -> configured("--network", "bridge", "--", "/bin/true"))
                .hasMessageContaining("--network bridge: expected none, host, nat or egress");
        assertThat(Cli.configured("--network", "nat", "--publish", "18080:80", "--", "/bin/true").build().network())
                .isEqualTo(dev.sandbox4j.Network.nat().publish(18080, 80));
        assertThatThrownBy(() -> configured("--network", "none", "--share-net", "--", "/bin/true").build())
                .hasMessageContaining("network(none) conflicts with share(Namespace.NET)");
    }

    @Test
    void allowImpliesEgressWithThoseRules() {
        dev.sandbox4j.Network n = Cli.configured("--allow", "api.example.com:443", "--allow", "10.1.2.0/24:5432",
                "--allow", "[::1]:80", "--", "/bin/true").build().network();
        assertThat(n.mode()).isEqualTo(dev.sandbox4j.Network.Mode.EGRESS);
        assertThat(n.egressPolicy().rules()).extracting(Object::toString)
                .containsExactly("api.example.com:443", "10.1.2.0/24:5432", "0:0:0:0:0:0:0:1/128:80");
        assertThat(Cli.configured("--network", "egress", "--", "/bin/true").build().network().egressPolicy().rules())
                .isEmpty();
        assertThatThrownBy(() -> configured("--allow", "api.example.com", "--", "/bin/true"))
                .hasMessageContaining("--allow api.example.com: expected HOST:PORT");
        assertThatThrownBy(() -> configured("--allow", "bad_host:1", "--", "/bin/true"))
                .hasMessageContaining("--allow bad_host:1: host name 'bad_host'");
        assertThatThrownBy(() -> configured("--allow", "a.test:70000", "--", "/bin/true"))
                .hasMessageContaining("egress port 70000");
        assertThatThrownBy(() -> configured("--network", "host", "--allow", "a.test:1", "--", "/bin/true"))
                .hasMessageContaining("--allow needs --network egress, not --network host");
    }

    @Test
    void publishAddsPortsToTheNetwork() {
        dev.sandbox4j.Network n = Cli.configured("--publish", "18080:80", "--publish", "18081:81", "--", "/bin/true")
                .build().network();
        assertThat(n.mode()).isEqualTo(dev.sandbox4j.Network.Mode.NONE);
        assertThat(n.published()).extracting(Object::toString)
                .containsExactly("127.0.0.1:18080->80", "127.0.0.1:18081->81");
        assertThat(Cli.configured("--allow", "a.test:1", "--publish", "18080:80", "--", "/bin/true").build().network()
                .mode()).isEqualTo(dev.sandbox4j.Network.Mode.EGRESS);
        assertThatThrownBy(() -> configured("--publish", "8080", "--", "/bin/true"))
                .hasMessageContaining("--publish 8080: expected HOST:SANDBOX");
        assertThatThrownBy(() -> configured("--publish", "0:80", "--", "/bin/true"))
                .hasMessageContaining("--publish 0:80: publish(0, 80): host port 0 is not a TCP port");
        assertThatThrownBy(() -> configured("--network", "host", "--publish", "18080:80", "--", "/bin/true"))
                .hasMessageContaining("needs a network namespace of the sandbox's own");
    }

    @Test
    void everyShareOptionMapsToItsNamespace() {
        assertThat(parse("--share-net", "--share-pid", "--share-ipc", "--share-uts", "--share-user",
                "--share-mount", "--share-cgroup", "--share-time", "--", "/bin/true").namespaces.shared())
                .containsExactly(Namespace.values());
        assertThat(parse("--", "/bin/true").namespaces.shared()).isEmpty();
    }

    @Test
    void processOptionsReachTheBuilder() {
        SandboxBuilder b = configured("--hostname", "judge", "--uid", "1000", "--gid", "100",
                "--env", "A=1", "--env", "B=x=y", "--chdir", "/tmp", "--timeout", "500ms", "--", "/bin/true");
        assertThatThrownBy(() -> b.hostname("x")).hasMessageContaining("judge");
        assertThatThrownBy(() -> b.uid(1)).hasMessageContaining("1000");
        assertThatThrownBy(() -> b.gid(1)).hasMessageContaining("100");
        assertThatThrownBy(() -> b.env("A", "2")).hasMessageContaining("A was already set to 1");
        assertThatThrownBy(() -> b.env("B", "2")).hasMessageContaining("B was already set to x=y");
        assertThatThrownBy(() -> b.workDir("/")).hasMessageContaining("/tmp");
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(1))).hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> b.command("/bin/false")).hasMessageContaining("/bin/true");
        assertThatThrownBy(() -> b.redirectInput(Redirect.PIPE)).hasMessageContaining("/dev/null"); // no -i
        assertThatThrownBy(() -> b.redirectError(Redirect.PIPE)).hasMessageContaining("INHERIT");
    }

    @Test
    void interactiveKeepsStdinAndTtyGivesATerminalInsteadOfRedirects() {
        assertThatThrownBy(() -> configured("-i", "--", "/bin/cat").redirectInput(Redirect.PIPE))
                .hasMessageContaining("INHERIT");
        SandboxBuilder t = configured("-t", "--", "/bin/sh");
        assertThatThrownBy(() -> t.tty(false)).hasMessageContaining("tty was already set to true");
        t.redirectOutput(Redirect.PIPE); // nothing set: the terminal is stdio
        assertThatThrownBy(t::build).hasMessageContaining("drop the stdio redirects");
    }

    @Test
    void defaultsAreLeftToTheLibrary() {
        SandboxBuilder b = configured("--", "/bin/true");
        b.hostname("x").uid(1).gid(1).workDir("/").timeout(Duration.ofSeconds(1)).env("A", "1"); // nothing set yet
    }

    @Test
    void sharingUtsWithoutHostnameBuilds() {
        assertThat(configured("--share-uts", "--", "/bin/true").build().toString()).doesNotContain("UTS");
    }

    @Test
    void badEnvIsRefusedNamingIt() {
        assertThatThrownBy(() -> configured("--env", "NOVALUE", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'NOVALUE'");
        assertThatThrownBy(() -> configured("--env", "=v", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'=v'");
    }

    @Test
    void badValuesAreParameterErrors() {
        assertThatThrownBy(() -> parse("--timeout", "soon", "--", "/bin/true"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> parse("--uid", "me", "--", "/bin/true")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--nope", "--", "/bin/true")).isInstanceOf(ParameterException.class);
    }

    @Test
    void resultJsonAndProbeAreParsed() {
        SandboxRun run = parse("--probe", "--result-json", "out.json");
        assertThat(run.probe).isTrue();
        assertThat(run.resultJson).isEqualTo(Path.of("out.json"));
    }

    @Test
    void badOptionExitsWith125AndPrefixedMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SandboxRun.execute(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), "--timeout", "5x", "--", "/bin/true");
        assertThat(code).isEqualTo(125);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sandbox-run: ").contains("'5x'");
    }

    @Test
    void helpListsTheOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SandboxRun.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()), "--help");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--share-net", "--timeout", "--result-json");
    }
}
