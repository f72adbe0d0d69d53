package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark refuses what it does not understand before it runs anything. */
class SpawnBenchmarkArgsTest {
    @Test
    void anUnknownOptionIsNamedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> SpawnBenchmark.main(new String[] {"200", "--warmup", "50"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --warmup")
                .hasMessageContaining("--warmup=ROUNDS");
    }

    @Test
    void countsMustBeWholeNumbersInRange() {
        assertThatThrownBy(() -> SpawnBenchmark.main(new String[] {"--warmup=-1"}))
                .hasMessage("--warmup: '-1' is not a whole number >= 0");
        assertThatThrownBy(() -> SpawnBenchmark.main(new String[] {"0"}))
                .hasMessage("the number of runs: '0' is not a whole number >= 1");
        assertThatThrownBy(() -> SpawnBenchmark.main(new String[] {"many"}))
                .hasMessageContaining("'many' is not a whole number");
    }
}
