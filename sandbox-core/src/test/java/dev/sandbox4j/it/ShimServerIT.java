package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shim server that starts every sandbox: never the JVM's child, and
 * losing it loses its sandboxes but not the next launch.
 */
class ShimServerIT {

    @Test
    void sandboxesAreNotTheJvmsChildrenAndPidIsTheirInit() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "600").redirectOutput(Redirect.DISCARD)
                .start()) {
            assertThat(ProcessHandle.current().children().count())
                    .as("no child process of the JVM, running or not").isZero();
            ProcessHandle init = p.toHandle();
            assertThat(init.pid()).isEqualTo(p.pid());
            assertThat(init.children().map(c -> c.info().command().orElse("")).toList())
                    .as("the init's child is the program").singleElement().asString().endsWith("/sleep");
            // NSpid: its pid in each pid namespace it belongs to, the host's first. (Its ns links are
            // not readable rootless: the init is not dumpable.)
            String nspid = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow();
            assertThat(nspid.split("\\s+")).as("the init is PID 1 of the sandbox's pid namespace: " + nspid)
                    .containsExactly("NSpid:", String.valueOf(p.pid()), "1");
        }
    }

    @Test
    void aServerKilledFromOutsideEndsItsSandboxesAndTheNextLaunchStartsANewOne() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        SandboxProcess p = Sandbox.builder().command("/bin/sleep", marker).redirectOutput(Redirect.DISCARD).start();
        ProcessHandle server = p.toHandle().parent().orElseThrow();
        assertThat(Files.readString(Path.of("/proc/" + server.pid() + "/cmdline"))).contains("--server");
        assertThat(server.destroyForcibly()).isTrue();

        SandboxResult r = p.result().get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(9);
        assertThat(HostProcesses.withArgument(marker)).as("nothing of the sandbox is left").isEmpty();

        Run next = Run.sh(Sandbox.builder(), "echo again");
        assertThat(next.stdout()).as(next.toString()).isEqualTo("again\n");
        assertThat(next.result().exitCode()).hasValue(0);
    }
}
