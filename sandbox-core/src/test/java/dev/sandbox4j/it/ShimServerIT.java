package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.cgroups.ProcFile;
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
    void sandboxesAreNotTheJvmsChildrenAndPidIsTheProgramUnderTheirInit() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "600").redirectOutput(Redirect.DISCARD)
                .start()) {
            assertThat(ProcessHandle.current().children().count())
                    .as("no child process of the JVM, running or not").isZero();
            // pid(), toHandle() and info() describe the program, as for any Process
            ProcessHandle program = p.toHandle();
            assertThat(program.pid()).isEqualTo(p.pid());
            assertThat(p.info().command()).as("info() of the program, not of the shim's memfd")
                    .hasValueSatisfying(c -> assertThat(c).endsWith("/sleep"));
            assertThat(p.info().arguments()).hasValueSatisfying(a -> assertThat(a).containsExactly("600"));
            assertThat(ProcFile.read(Path.of("/proc/" + p.pid() + "/cmdline"))).isEqualTo("/bin/sleep\u0000600\u0000");
            ProcessHandle init = program.parent().orElseThrow();
            assertThat(ProcFile.read(Path.of("/proc/" + init.pid() + "/comm")).strip()).isEqualTo("sandbox4j-init");
            // NSpid: its pid in each pid namespace it belongs to, the host's first. (Its ns links are
            // not readable rootless: the init is not dumpable.)
            assertThat(nspid(init.pid())).as("the init is PID 1 of the sandbox's pid namespace")
                    .containsExactly("NSpid:", String.valueOf(init.pid()), "1");
            assertThat(nspid(p.pid())).as("the program lives in the same pid namespace")
                    .hasSize(3).startsWith("NSpid:", String.valueOf(p.pid()));
        }
    }

    @Test
    void toHandleDestroySignalsTheProgramAndTheSandboxEndsWithIt() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "600").redirectOutput(Redirect.DISCARD)
                .start()) {
            assertThat(p.toHandle().destroy()).isTrue();
            SandboxResult r = p.result().get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
            assertThat(r.signal()).hasValue(15);
            assertThat(p.toHandle().isAlive()).isFalse();
        }
    }

    @Test
    void aProgramOverBeforeItsStartWasReportedStillHasAHandle() throws Exception {
        for (int i = 0; i < 20; i++) { // /bin/true is often gone before the start is reported
            try (SandboxProcess p = Sandbox.builder().command("/bin/true").start()) {
                ProcessHandle h = p.toHandle();
                assertThat(h.pid()).isEqualTo(p.pid());
                p.result().get(10, TimeUnit.SECONDS);
                assertThat(p.toHandle().isAlive()).isFalse();
                assertThat(p.toHandle().destroy()).as("an ended program cannot be signalled").isFalse();
            }
        }
    }

    private static String[] nspid(long pid) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow().split("\\s+");
    }

    @Test
    void aServerKilledFromOutsideEndsItsSandboxesAndTheNextLaunchStartsANewOne() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        SandboxProcess p = Sandbox.builder().command("/bin/sleep", marker).redirectOutput(Redirect.DISCARD).start();
        ProcessHandle server = p.toHandle().parent().flatMap(ProcessHandle::parent).orElseThrow();
        assertThat(ProcFile.read(Path.of("/proc/" + server.pid() + "/cmdline"))).contains("--server");
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
