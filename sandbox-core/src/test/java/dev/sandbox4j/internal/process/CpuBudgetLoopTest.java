package dev.sandbox4j.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The CPU budget's checks on the event loop, on a fake clock with a fake usage counter. */
class CpuBudgetLoopTest {
    private final FakeClock clock = new FakeClock();
    private final AtomicReference<Duration> used = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger exceeded = new AtomicInteger();
    private final EventLoop loop;

    CpuBudgetLoopTest() throws Exception {
        loop = new EventLoop(new RecordingSyscalls(), clock, Runnable::run);
    }

    private void advance(long millis) throws Exception {
        clock.advance(Duration.ofMillis(millis));
        loop.turn();
    }

    @Test
    void checksWhenAllCpusCouldHaveSpentTheRestAndKillsOnceSpent() throws Exception {
        CpuBudget.start(loop, "test", () -> {
            reads.incrementAndGet();
            return Optional.of(used.get());
        }, 2, Duration.ofSeconds(1), exceeded::incrementAndGet, () -> false);

        advance(499);
        assertThat(reads).as("1 s on 2 CPUs cannot be spent before 500 ms").hasValue(0);
        used.set(Duration.ofMillis(400));
        advance(1);
        assertThat(reads).hasValue(1);
        assertThat(exceeded).hasValue(0);

        used.set(Duration.ofMillis(1000));
        advance(299);
        assertThat(reads).as("600 ms left on 2 CPUs: the next check is 300 ms later").hasValue(1);
        advance(1);
        assertThat(reads).hasValue(2);
        assertThat(exceeded).as("spent: the sandbox is killed once").hasValue(1);

        advance(60_000);
        assertThat(reads).as("no check after the budget ran out").hasValue(2);
    }

    @Test
    void checksStopOnceTheSandboxHasEnded() throws Exception {
        AtomicReference<Boolean> over = new AtomicReference<>(false);
        CpuBudget.start(loop, "test", () -> {
            reads.incrementAndGet();
            return Optional.of(used.get());
        }, 1, Duration.ofSeconds(1), exceeded::incrementAndGet, over::get);

        advance(1000);
        assertThat(reads).hasValue(1);
        over.set(true);
        used.set(Duration.ofSeconds(5));
        advance(60_000);
        assertThat(reads).hasValue(1);
        assertThat(exceeded).hasValue(0);
    }

    @Test
    void aCgroupWithoutCpuAccountingIsNotKilled() throws Exception {
        CpuBudget.start(loop, "test", () -> {
            reads.incrementAndGet();
            return Optional.empty();
        }, 1, Duration.ofSeconds(1), exceeded::incrementAndGet, () -> false);

        advance(60_000);
        assertThat(reads).as("one check, then RLIMIT_CPU is left to enforce it").hasValue(1);
        assertThat(exceeded).hasValue(0);
    }
}
