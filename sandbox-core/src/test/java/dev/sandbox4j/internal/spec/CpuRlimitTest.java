package dev.sandbox4j.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuRlimitTest {
    @Test
    void aSafetyNetIsASecondAboveTheRoundedUpLimit() {
        assertThat(CpuRlimit.of(Duration.ofMillis(500), false)).containsExactly(2, 3);
        assertThat(CpuRlimit.of(Duration.ofMillis(1000), false)).containsExactly(2, 3);
        assertThat(CpuRlimit.of(Duration.ofMillis(1001), false)).containsExactly(3, 4);
    }

    @Test
    void perProcessItIsTheLimitRoundedUpToWholeSeconds() {
        assertThat(CpuRlimit.of(Duration.ofMillis(1), true)).containsExactly(1, 2);
        assertThat(CpuRlimit.of(Duration.ofMillis(1500), true)).containsExactly(2, 3);
    }
}
