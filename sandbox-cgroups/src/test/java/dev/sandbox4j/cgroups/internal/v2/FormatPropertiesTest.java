package dev.sandbox4j.cgroups.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.cgroups.BlockDevice;
import dev.sandbox4j.cgroups.CgroupLimits;
import dev.sandbox4j.cgroups.HostFacts;
import dev.sandbox4j.cgroups.IoLimit;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.cgroups.internal.CpuList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class FormatPropertiesTest {

    static HostFacts host(int cpus) {
        return new HostFacts() {
            @Override
            public MemorySize memTotal() {
                return MemorySize.parse("64G");
            }

            @Override
            public int cpuCount() {
                return cpus;
            }

            @Override
            public Optional<BlockDevice> blockDevice(String spec) {
                String[] mm = spec.split(":");
                return Optional.of(new BlockDevice(Integer.parseInt(mm[0]), Integer.parseInt(mm[1])));
            }
        };
    }

    @Property
    void cpuMaxIsQuotaSpacePeriodWithinAThousandthOfTheRequest(
            @ForAll @DoubleRange(min = 0.01, max = 64, minIncluded = true) double cpus) {
        CgroupLimits l = CgroupLimits.builder().cpus(cpus).build(host(64));
        String[] f = CpuController.cpuMax(l).split(" ");
        assertThat(f).hasSize(2);
        assertThat(f[1]).isEqualTo("100000");
        long quota = Long.parseLong(f[0]);
        assertThat(quota).isGreaterThanOrEqualTo(1000);
        assertThat(Math.abs(quota / 100000.0 - cpus)).isLessThanOrEqualTo(0.5e-5 + 1e-12);
    }

    @Provide
    Arbitrary<List<IoLimit>> ioLimits() {
        Arbitrary<IoLimit> one = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 3),
                Arbitraries.of(IoLimit.Kind.class), Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as((maj, min, kind, v) -> new IoLimit(new BlockDevice(maj, min), kind, v));
        return one.list().ofMaxSize(8).uniqueElements(l -> l.device() + l.kind().name());
    }

    @Property
    void ioMaxHasOneLinePerDeviceWithEveryKeyOnce(@ForAll("ioLimits") List<IoLimit> limits) {
        CgroupLimits.Builder b = CgroupLimits.builder();
        for (IoLimit l : limits) {
            switch (l.kind()) {
                case READ_BPS -> b.ioReadBps(l.device().toString(), l.value());
                case WRITE_BPS -> b.ioWriteBps(l.device().toString(), l.value());
                case READ_IOPS -> b.ioReadIops(l.device().toString(), l.value());
                case WRITE_IOPS -> b.ioWriteIops(l.device().toString(), l.value());
            }
        }
        Map<BlockDevice, String> lines = IoController.lines(b.build(host(1)));
        assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(
                limits.stream().map(IoLimit::device).collect(Collectors.toSet()));
        for (IoLimit l : limits) {
            String line = lines.get(l.device());
            assertThat(line).startsWith(l.device().major() + ":" + l.device().minor() + " ")
                    .contains(" " + l.kind().v2Key() + "=" + l.value());
            assertThat(line.split(" ")).doesNotHaveDuplicates()
                    .allMatch(w -> w.matches("\\d+:\\d+|(rbps|wbps|riops|wiops)=\\d+"));
        }
    }

    @Property
    void cpuListsRoundTripThroughTheirCanonicalText(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 63) Integer> cpus) {
        BitSet set = new BitSet();
        cpus.forEach(set::set);
        // canonical kernel text: maximal ranges joined by commas
        StringBuilder text = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; ) {
            int end = set.nextClearBit(i) - 1;
            text.append(text.isEmpty() ? "" : ",").append(i).append(end > i ? "-" + end : "");
            i = set.nextSetBit(end + 1);
        }
        assertThat(CpuList.parse(text.toString()).cpus()).isEqualTo(set);
        assertThat(CpuList.parse(text.toString()).maxCpu()).isEqualTo(set.length() - 1);
    }

    @Property
    void memoryLimitsAreWrittenInExactBytes(@ForAll @LongRange(min = 1 << 20, max = 64L << 30) long bytes) {
        CgroupLimits l = CgroupLimits.builder().memory(MemorySize.ofBytes(bytes)).build(host(1));
        assertThat(Long.toString(l.memory().orElseThrow().bytes())).isEqualTo(Long.toString(bytes));
    }
}
