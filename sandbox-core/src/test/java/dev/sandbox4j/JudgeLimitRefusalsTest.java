package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.internal.launch.OutputLimits;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The judge's limits refuse bad values before anything is spawned, naming the value. */
class JudgeLimitRefusalsTest {

    @Test
    void zeroOrNegativeCpuTimeLimits() {
        assertThatThrownBy(() -> Sandbox.builder().cpuTimeLimit(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpuTimeLimit").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Sandbox.builder().cpuTimeLimit(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.005S");
    }

    @Test
    void theFallbackWithoutALimit() {
        assertThatThrownBy(() -> Sandbox.builder().allowPerProcessCpuTimeLimit().command("true").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allowPerProcessCpuTimeLimit")
                .hasMessageContaining("no cpuTimeLimit");
    }

    @Test
    void aCpuTimeLimitImpliesACgroupWhoseSafetyNetIsASecondAbove() {
        var spec = Sandbox.builder().cpuTimeLimit(Duration.ofMillis(500)).command("true").specForTest(0);
        assertThat(spec.cgroup()).isNotNull();
        assertThat(spec.cgroup().optional()).isFalse();
        assertThat(spec.hardening().rlimits().get(ResourceLimit.CPU)).containsExactly(2, 3);

        var fallback = Sandbox.builder().cpuTimeLimit(Duration.ofMillis(500)).allowPerProcessCpuTimeLimit()
                .command("true").specForTest(0);
        assertThat(fallback.cgroup().optional()).isTrue();
        assertThat(fallback.hardening().rlimits().get(ResourceLimit.CPU)).containsExactly(1, 2);

        var withMemory = Sandbox.builder().cpuTimeLimit(Duration.ofMillis(500)).allowPerProcessCpuTimeLimit()
                .memory("64M").command("true").specForTest(0);
        assertThat(withMemory.cgroup().optional()).as("a memory limit never runs without its cgroup").isFalse();
    }

    @Test
    void outputLimitsOutOfRange() {
        assertThatThrownBy(() -> Sandbox.builder().outputLimit("0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputLimit 0")
                .hasMessageContaining("1 byte to 4T");
        assertThatThrownBy(() -> Sandbox.builder().stdoutLimit(MemorySize.ofBytes(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stdoutLimit")
                .hasMessageContaining(Long.toString(Long.MAX_VALUE));
        assertThatThrownBy(() -> Sandbox.builder().outputLimit("-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outputLimit");
        assertThat(Sandbox.builder().stderrLimit(MemorySize.ofBytes(OutputLimits.MAX)).command("true")
                .specForTest(0).hardening().outputLimits().stderr()).isEqualTo(OutputLimits.MAX);
    }

    @Test
    void outputLimitsOnStreamsThatAreNotPiped() {
        File f = new File("/tmp/out");
        assertThatThrownBy(() -> Sandbox.builder().stdoutLimit(MemorySize.ofMebibytes(1))
                .redirectOutput(Redirect.to(f)).command("true").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stdoutLimit 1M")
                .hasMessageContaining("FSIZE");
        assertThatThrownBy(() -> Sandbox.builder().stderrLimit(MemorySize.ofMebibytes(1))
                .redirectErrorStream(true).command("true").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stderrLimit 1M")
                .hasMessageContaining("redirectErrorStream");
        assertThatThrownBy(() -> Sandbox.builder().outputLimit("1M").redirectOutput(Redirect.INHERIT)
                .redirectError(Redirect.INHERIT).command("true").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outputLimit 1M");
        assertThat(Sandbox.builder().outputLimit("1M").command("true").specForTest(0).hardening().outputLimits())
                .isEqualTo(new OutputLimits(0, 0, 1 << 20));
    }

    @Test
    void workspacesThatAreMissingSymlinksOrFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> Sandbox.builder().workspace(missing, "/tmp/ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workspace " + missing)
                .hasMessageContaining("does not exist");
        java.nio.file.Path dir = java.nio.file.Files.createDirectory(tmp.resolve("dir"));
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertThatThrownBy(() -> Sandbox.builder().workspace(link, "/tmp/ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workspace " + link)
                .hasMessageContaining("symlink");
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> Sandbox.builder().workspace(file, "/tmp/ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> Sandbox.builder().workspace(link.resolve("."), "/tmp/ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symlink");
        assertThatThrownBy(() -> Sandbox.builder().workspace(dir, "ws"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 'ws'");
    }
}
