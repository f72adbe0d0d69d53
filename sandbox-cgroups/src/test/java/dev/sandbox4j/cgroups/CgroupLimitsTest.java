package dev.sandbox4j.cgroups;

import dev.sandbox4j.units.MemorySize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupLimitsTest {

    /** A 1 GiB, 2-CPU host with one disk, vda = 254:0. */
    static final HostFacts HOST = new HostFacts() {
        @Override
        public MemorySize memTotal() {
            return MemorySize.parse("1G");
        }

        @Override
        public int cpuCount() {
            return 2;
        }

        @Override
        public Optional<BlockDevice> blockDevice(String spec) {
            return spec.equals("/dev/vda") || spec.equals("254:0") ? Optional.of(new BlockDevice(254, 0)) : Optional.empty();
        }
    };

    private static CgroupLimits.Builder b() {
        return CgroupLimits.builder();
    }

    @Test
    void noLimitsIsEmptyAndNeedsNoController() {
        CgroupLimits l = b().build(HOST);
        assertThat(l.isEmpty()).isTrue();
        assertThat(l).isEqualTo(CgroupLimits.none());
        assertThat(l.requiredControllers()).isEmpty();
    }

    @Test
    void everyLimitIsKeptAndNamesItsController() {
        CgroupLimits l = b().memory("80M").memorySwap("16M").cpus(0.5).cpuWeight(200).pids(64).cpuset("0-1")
                .ioReadBps("/dev/vda", 1 << 20).ioWriteIops("254:0", 100).build(HOST);
        assertThat(l.memory()).contains(MemorySize.ofMebibytes(80));
        assertThat(l.memorySwap()).contains(MemorySize.ofMebibytes(16));
        assertThat(l.cpuQuotaMicros()).hasValue(50_000);
        assertThat(l.cpuWeight()).hasValue(200);
        assertThat(l.pids()).hasValue(64);
        assertThat(l.cpuset()).contains("0-1");
        assertThat(l.io()).containsExactly(new IoLimit(new BlockDevice(254, 0), IoLimit.Kind.READ_BPS, 1 << 20),
                new IoLimit(new BlockDevice(254, 0), IoLimit.Kind.WRITE_IOPS, 100));
        assertThat(l.requiredControllers()).isEqualTo(Set.of(Controller.MEMORY, Controller.CPU, Controller.PIDS,
                Controller.CPUSET, Controller.IO));
        assertThat(l.isEmpty()).isFalse();
    }

    @Test
    void tinyQuotaIsRaisedToTheKernelMinimum() {
        assertThat(b().cpus(0.001).build(HOST).cpuQuotaMicros()).hasValue(1000);
        assertThat(b().cpus(0.05).build(HOST).cpuQuotaMicros()).hasValue(5000);
        assertThat(b().cpus(2).build(HOST).cpuQuotaMicros()).hasValue(200_000);
    }

    @Test
    void settingALimitTwiceFailsAtOnceNamingTheFirstValue() {
        assertThatThrownBy(() -> b().memory("80M").memory("90M")).isInstanceOf(IllegalStateException.class)
                .hasMessage("memory was already set to 80M");
        assertThatThrownBy(() -> b().pids(3).pids(4)).hasMessage("pids was already set to 3");
        assertThatThrownBy(() -> b().cpus(0.5).cpus(1)).hasMessage("cpus was already set to 0.5");
        assertThatThrownBy(() -> b().cpuset("0").cpuset("1")).hasMessage("cpuset was already set to 0");
        assertThatThrownBy(() -> b().ioReadBps("/dev/vda", 1).ioReadBps("/dev/vda", 2))
                .hasMessage("io rbps on /dev/vda was already set to 1");
        // the same device under two names is caught when resolved
        assertThatThrownBy(() -> b().ioReadBps("/dev/vda", 1).ioReadBps("254:0", 2).build(HOST))
                .hasMessageContaining("io rbps on 254:0 (254:0) was already set to 1");
    }

    @Test
    void memoryMustBeBetweenOneMebibyteAndMemTotal() {
        assertThat(b().memory("1M").build(HOST).memory()).contains(MemorySize.ofMebibytes(1));
        assertThat(b().memory("1G").build(HOST).memory()).contains(MemorySize.parse("1G"));
        assertThatThrownBy(() -> b().memory("1023K").build(HOST))
                .hasMessage("memory 1023K is below the minimum: expected 1M up to 1G (the host's MemTotal)");
        assertThatThrownBy(() -> b().memory("1025M").build(HOST))
                .hasMessage("memory 1025M is more than the host has: expected 1M up to 1G (the host's MemTotal)");
    }

    @Test
    void swapNeedsMemory() {
        assertThatThrownBy(() -> b().memorySwap("1G").build(HOST)).hasMessageContaining("memorySwap 1G needs memory");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 2.01, Double.NaN, Double.POSITIVE_INFINITY})
    void cpusOutOfRangeAreRejected(double cpus) {
        assertThatThrownBy(() -> b().cpus(cpus).build(HOST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpus " + cpus + " is out of range: expected more than 0 and at most 2 (the host's CPUs), e.g. 0.5");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void pidsMustBePositive(int pids) {
        assertThatThrownBy(() -> b().pids(pids).build(HOST))
                .hasMessage("pids " + pids + " is out of range: expected 1 or more");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10001, -5})
    void cpuWeightOutOfRangeIsRejected(int w) {
        assertThatThrownBy(() -> b().cpuWeight(w).build(HOST)).hasMessageContaining("cpuWeight " + w)
                .hasMessageContaining("1 to 10000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0-", "a", "3-1", "", "-1", "0,,1", "0 ,1", "1-2-3", ",0", "0,"})
    void malformedCpusetsAreRejectedNamingTheValue(String cpuset) {
        assertThatThrownBy(() -> b().cpuset(cpuset).build(HOST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cpuset '" + cpuset + "'")
                .hasMessageContaining("expected a CPU list like 0, 0-1 or 0-1,3");
    }

    @Test
    void cpusetMayOnlyNameHostCpus() {
        assertThat(b().cpuset("0,1").build(HOST).cpuset()).contains("0,1");
        assertThatThrownBy(() -> b().cpuset("0-3").build(HOST)).hasMessage("cpuset '0-3' names CPU 3: expected CPUs 0 to 1");
    }

    @Test
    void unknownIoDevicesAreRejected() {
        assertThatThrownBy(() -> b().ioReadBps("/dev/nope", 1).build(HOST))
                .hasMessageStartingWith("io device '/dev/nope' is not a block device on this host");
        assertThatThrownBy(() -> b().ioWriteBps("8:0", 1).build(HOST)).hasMessageContaining("'8:0'");
        assertThatThrownBy(() -> b().ioReadIops("/dev/vda", 0).build(HOST)).hasMessageContaining("rbps=0".replace("rbps", "riops"))
                .hasMessageContaining("expected a positive number");
    }

    @Test
    void realHostFactsResolveTheRootDiskAndRejectNonBlockFiles() throws Exception {
        HostFacts sys = HostFacts.system();
        assertThat(sys.cpuCount()).isPositive();
        assertThat(sys.memTotal().bytes()).isPositive();
        assertThat(sys.blockDevice("/dev/null")).as("a character device").isEmpty();
        assertThat(sys.blockDevice("/etc/hostname")).isEmpty();
        assertThat(sys.blockDevice("999999:0")).isEmpty();
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/sys/dev/block"))) {
            String first = s.map(p -> p.getFileName().toString()).findFirst().orElse(null);
            if (first != null) {
                assertThat(sys.blockDevice(first)).map(BlockDevice::toString).contains(first);
            }
        }
    }
}
