package dev.sandbox4j.cgroups.internal.v1;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class CpuSharesPropertiesTest {

    /** runc's and crun's conversion the other way. */
    private static long weightOf(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    @Property
    void sharesMapBackToTheSameWeightTheWayRuncConverts(@ForAll @IntRange(min = 1, max = 10000) int weight) {
        long shares = CpuController.sharesOf(weight);
        assertThat(shares).isBetween(2L, 262144L);
        assertThat(weightOf(shares)).isEqualTo(weight);
    }

    @Property
    void moreWeightNeverMeansFewerShares(@ForAll @IntRange(min = 1, max = 9999) int weight) {
        assertThat(CpuController.sharesOf(weight + 1)).isGreaterThan(CpuController.sharesOf(weight));
    }
}
