package dev.sandbox4j.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuBudgetTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theNextCheckIsWhenAllCpusTogetherCouldHaveSpentTheRest() {
        assertThat(CpuBudget.nextDelay(500 * MS, 1)).isEqualTo(500 * MS);
        assertThat(CpuBudget.nextDelay(500 * MS, 4)).isEqualTo(125 * MS);
        assertThat(CpuBudget.nextDelay(MS / 2, 2)).as("at least 1 ms").isEqualTo(MS);
        assertThat(CpuBudget.nextDelay(500 * MS, 0)).as("a CPU count of 0 counts as 1").isEqualTo(500 * MS);
    }

    @Test
    void cpuListsAreCounted() {
        assertThat(CpuBudget.countCpus("0")).isEqualTo(1);
        assertThat(CpuBudget.countCpus("0-3")).isEqualTo(4);
        assertThat(CpuBudget.countCpus("0-1,4,6-7")).isEqualTo(5);
    }
}
