package dev.sandbox4j.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

    @Test
    void everyDocumentedFormOfEightyMebibytesIsTheSame() {
        for (String s : new String[] {"80M", "80m", "80MB", "80mb", "80MiB", "80Mi", "80mib", "80MIB", "83886080",
            "83886080B", "81920K", "81920KB", "81920KiB", "0.078125G", "80.0M"}) {
            assertThat(MemorySize.parse(s).bytes()).as(s).isEqualTo(80L << 20);
        }
        assertThat(MemorySize.parse("80M")).hasToString("80M").isEqualTo(MemorySize.ofMebibytes(80));
    }

    @Test
    void whatUsersTypeIsAccepted() {
        assertThat(MemorySize.parse("64M").bytes()).isEqualTo(64L << 20);
        assertThat(MemorySize.parse("64MB").bytes()).isEqualTo(64L << 20);
        assertThat(MemorySize.parse("64MiB").bytes()).isEqualTo(64L << 20);
        assertThat(MemorySize.parse("1G").bytes()).isEqualTo(1L << 30);
        assertThat(MemorySize.parse("1.5G")).isEqualTo(MemorySize.ofMebibytes(1536)).hasToString("1536M");
        assertThat(MemorySize.parse("0.5k").bytes()).isEqualTo(512);
    }

    @Test
    void unitsArePowersOf1024() {
        assertThat(MemorySize.parse("1K").bytes()).isEqualTo(1024);
        assertThat(MemorySize.parse("1G").bytes()).isEqualTo(1L << 30);
        assertThat(MemorySize.parse("1TiB").bytes()).isEqualTo(1L << 40);
        assertThat(MemorySize.parse("0").bytes()).isZero();
    }

    @Test
    void toStringUsesTheLargestExactUnit() {
        assertThat(MemorySize.ofBytes(1536L << 20)).hasToString("1536M");
        assertThat(MemorySize.ofBytes(2L << 40)).hasToString("2T");
        assertThat(MemorySize.ofBytes(1000)).hasToString("1000");
        assertThat(MemorySize.ofBytes(1025)).hasToString("1025");
        assertThat(MemorySize.ZERO).hasToString("0");
        assertThat(MemorySize.ofBytes(Long.MAX_VALUE)).hasToString(Long.toString(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "12bogus", "1,5G", "M", " 80M", "80M ", "80 M", "80Mb2", "1.G", "1..5G", ".5G",
        "1.3K", "0x10", "+5", "８０M"})
    void malformedSizesAreRejectedNamingTheValueAndTheAcceptedForms(String bad) {
        assertThatThrownBy(() -> MemorySize.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'")
                .hasMessageContaining("K, M, G or T")
                .hasMessageContaining("e.g. 80M, 64MB, 64MiB, 1G, 1.5G");
    }

    @Test
    void rejectionsSayWhy() {
        assertThatThrownBy(() -> MemorySize.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> MemorySize.parse("1.3K")).hasMessageContaining("1331.2 bytes, not a whole number");
        assertThatThrownBy(() -> MemorySize.parse("12bogus")).hasMessageContaining("unknown suffix 'bogus'");
        assertThatThrownBy(() -> MemorySize.ofBytes(-1)).hasMessageContaining("-1");
    }

    @Test
    void overflowBoundaryIsTwoToTheSixtyThree() {
        assertThat(MemorySize.parse("9223372036854775807").bytes()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> MemorySize.parse("9223372036854775808")).hasMessageContaining("2^63 bytes or more");
        assertThat(MemorySize.parse("8388607T").bytes()).isEqualTo(8388607L << 40);
        assertThatThrownBy(() -> MemorySize.parse("8388608T")).hasMessageContaining("2^63 bytes or more");
        assertThatThrownBy(() -> MemorySize.parse("8589934592G")).hasMessageContaining("2^63");
        assertThatThrownBy(() -> MemorySize.parse("99999999999999999999999999")).hasMessageContaining("2^63");
        assertThatThrownBy(() -> MemorySize.ofMebibytes(Long.MAX_VALUE >> 19)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemorySize.ofBytes(Long.MAX_VALUE).plus(MemorySize.ofBytes(1)))
                .hasMessageContaining("2^63");
    }

    @Property
    void toStringParsesBackToTheSameSize(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        MemorySize m = MemorySize.ofBytes(bytes);
        assertThat(MemorySize.parse(m.toString())).isEqualTo(m);
    }

    @Provide
    Arbitrary<Long> roundSizes() {
        return Arbitraries.integers().between(0, 40).flatMap(shift ->
                Arbitraries.longs().between(0, Long.MAX_VALUE >> shift).map(n -> n << shift));
    }

    @Property
    void roundSizesAlsoRoundTrip(@ForAll("roundSizes") long bytes) {
        MemorySize m = MemorySize.ofBytes(bytes);
        assertThat(MemorySize.parse(m.toString())).isEqualTo(m);
        assertThat(m.toString()).matches("0|[1-9][0-9]*[KMGT]?");
    }

    @Property
    void everySuffixFormMeansTheSame(@ForAll @LongRange(min = 0, max = 8388607) long n,
            @ForAll @IntRange(min = 0, max = 3) int unit, @ForAll boolean lower, @ForAll boolean iec) {
        String letter = "KMGT".substring(unit, unit + 1);
        String suffix = (lower ? letter.toLowerCase() : letter) + (iec ? (lower ? "ib" : "iB") : "");
        long expected = n << (10 * (unit + 1));
        assertThat(MemorySize.parse(n + suffix).bytes()).isEqualTo(expected);
    }

    @Property
    void anythingAtOrAboveTwoToTheSixtyThreeIsRejected(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long extra,
            @ForAll @IntRange(min = 0, max = 4) int unit) {
        BigInteger tooMuch = BigInteger.ONE.shiftLeft(63).add(BigInteger.valueOf(extra));
        BigInteger inUnit = tooMuch.shiftRight(10 * unit).add(BigInteger.ONE); // rounded up: still >= 2^63
        String suffix = unit == 0 ? "" : "KMGT".substring(unit - 1, unit);
        assertThatThrownBy(() -> MemorySize.parse(inUnit + suffix)).hasMessageContaining("2^63");
    }

    @Property
    void orderFollowsBytes(@ForAll @LongRange(min = 0) long a, @ForAll @LongRange(min = 0) long b) {
        assertThat(Integer.signum(MemorySize.ofBytes(a).compareTo(MemorySize.ofBytes(b))))
                .isEqualTo(Long.signum(Long.compare(a, b)));
    }
}
