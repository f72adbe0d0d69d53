package dev.sandbox4j.examples;

import static dev.sandbox4j.examples.Cli.configured;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.SandboxBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The limit options reach the builder, which names the value already set when set again. */
class LimitOptionsTest {
    @Test
    void eachLimitIsSet() {
        SandboxBuilder b = configured("--memory", "80M", "--memory-swap", "16M", "--cpus", "0.5",
                "--cpu-weight", "200", "--pids", "64", "--cpuset", "0", "--cgroup-parent", "/sandbox4j/judge",
                "--accounting", "--", "/bin/true");
        assertThatThrownBy(() -> b.memory("1G")).hasMessageContaining("80M");
        assertThatThrownBy(() -> b.memorySwap("1G")).hasMessageContaining("16M");
        assertThatThrownBy(() -> b.cpus(1)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> b.cpuWeight(1)).hasMessageContaining("200");
        assertThatThrownBy(() -> b.pids(1)).hasMessageContaining("64");
        assertThatThrownBy(() -> b.cpuset("1")).hasMessageContaining("was already set");
        assertThatThrownBy(() -> b.cgroupParent(Path.of("/x"))).hasMessageContaining("/sandbox4j/judge");
        assertThatThrownBy(b::accounting).hasMessageContaining("accounting was already set");
    }

    @Test
    void nothingIsSetWithoutOptions() {
        SandboxBuilder b = configured("--", "/bin/true");
        assertThatCode(() -> b.memory("1G").pids(1).cpus(1).accounting()).doesNotThrowAnyException();
    }

    @Test
    void ioLimitsTakeDeviceAndRate() {
        assertThatCode(() -> configured("--io-read-bps", "8:0:10M", "--io-write-bps", "8:0:1048576",
                "--io-read-iops", "8:0:100", "--io-write-iops", "8:0:50", "--", "/bin/true"))
                .doesNotThrowAnyException();
    }

    @Test
    void malformedIoLimitsAreRefusedNamingThem() {
        assertThatThrownBy(() -> configured("--io-read-bps", "10M", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--io-read-bps '10M'");
        assertThatThrownBy(() -> configured("--io-write-bps", "8:0:fast", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'8:0:fast'");
        assertThatThrownBy(() -> configured("--io-read-iops", "8:0:1k", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1k'");
    }

    @Test
    void badSizesAreRefusedNamingThem() {
        assertThatThrownBy(() -> configured("--memory", "12bogus", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12bogus");
    }
}
