package dev.sandbox4j.junit;

import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The assertions on real sandboxes: what they accept, and failures that name the real command and output. */
@SandboxTest
@SandboxConfig(timeout = "20s")
class RealResultsIT {

    @Test
    void aSignalIsNamedAndTheOutputTailShown(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = sandbox.command("/bin/sh", "-c", "echo working; echo oops >&2; kill -TERM $$").start();
        assertThat(p).wasKilledBy("SIGTERM").wasKilledBy(15).stdout().isEqualTo("working\n");
        assertThatThrownBy(() -> assertThat(p).exitedWith(0))
                .hasMessageStartingWith("Expecting the sandbox to have exited with code 0, but it ended SIGNALED by "
                        + "signal 15 (SIGTERM)")
                .hasMessageContaining("command: /bin/sh -c echo working; echo oops >&2; kill -TERM $$")
                .hasMessageContaining("\n  stdout:\n    | working\n")
                .hasMessageEndingWith("\n  stderr:\n    | oops");
    }

    @Test
    void aResultOfAProcessTheTestStartedIsNamedToo(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = sandbox.command("/bin/sh", "-c", "exit 7").start();
        assertThatThrownBy(() -> assertThat(p.result().join()).exitedWith(0))
                .hasMessageContaining("command: /bin/sh -c exit 7")
                .hasMessageContaining("ended:   EXITED with code 7");
    }

    @Test
    void cpuAndMemoryOfAShortProgramAreSmall(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = sandbox.command("/bin/true").start();
        assertThat(p).exitedWith(0).usedCpuAtMost(Duration.ofSeconds(2)).peakMemoryAtMost("64M");
        assertThatThrownBy(() -> assertThat(p).peakMemoryAtMost("1K"))
                .hasMessageStartingWith("Expecting the sandbox to have used at most 1024 bytes of memory at its peak");
    }

    @Test
    @SandboxConfig(memory = "32M")
    void aProgramOverItsMemoryLimitRanOutOfMemory(SandboxBuilder sandbox) throws Exception {
        // a shell variable of 128 MiB does not fit in 32 MiB: the memory controller kills the shell
        SandboxProcess p = sandbox.command("/bin/sh", "-c", "x=$(head -c 134217728 /dev/zero | tr '\\0' a); echo done")
                .start();
        assertThat(p).ranOutOfMemory().stdout().doesNotContain("done");
        assertThatThrownBy(() -> assertThat(p).exitedWith(0))
                .hasMessageContaining("the memory controller killed a process");
    }
}
