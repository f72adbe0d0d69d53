package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutputBudgetTest {

    @Test
    void aStreamDeliversUpToItsLimitAndReportsTheFirstByteBeyondOnce() {
        OutputBudget b = new OutputBudget(new OutputLimits(100, 0, 0));
        AtomicInteger calls = new AtomicInteger();
        b.whenExceeded(calls::incrementAndGet);
        OutputBudget.Meter out = b.meter(1);
        assertThat(b.meter(2)).as("no limit on stderr").isNull();

        assertThat(out.allowance(65536)).as("what is left plus one").isEqualTo(101);
        assertThat(out.delivered(60)).isEqualTo(60);
        assertThat(out.allowance(65536)).isEqualTo(41);
        assertThat(out.delivered(40)).as("exactly the limit is allowed").isEqualTo(40);
        assertThat(calls).hasValue(0);
        assertThat(out.spent()).isTrue();
        assertThat(out.allowance(65536)).isEqualTo(1);
        assertThat(out.delivered(1)).isZero();
        assertThat(calls).hasValue(1);
        assertThat(out.delivered(1)).isZero();
        assertThat(calls).as("once").hasValue(1);
    }

    @Test
    void theCombinedLimitCountsBothStreams() {
        OutputBudget b = new OutputBudget(new OutputLimits(0, 0, 10));
        OutputBudget.Meter out = b.meter(1);
        OutputBudget.Meter err = b.meter(2);
        assertThat(out.delivered(6)).isEqualTo(6);
        assertThat(err.allowance(100)).isEqualTo(5);
        assertThat(err.delivered(5)).as("over by one: four delivered").isEqualTo(4);
        AtomicInteger calls = new AtomicInteger();
        b.whenExceeded(calls::incrementAndGet);
        assertThat(calls).as("registered after the fact: runs at once").hasValue(1);
        assertThat(out.delivered(1)).isZero();
    }

    @Test
    void theTighterOfOwnAndCombinedApplies() {
        OutputBudget b = new OutputBudget(new OutputLimits(0, 3, 10));
        OutputBudget.Meter err = b.meter(2);
        assertThat(err.allowance(100)).isEqualTo(4);
        assertThat(b.meter(1).allowance(100)).isEqualTo(11);
    }
}
