package dev.sandbox4j.examples.judge;

import dev.sandbox4j.units.MemorySize;
import java.time.Duration;

/**
 * The limits of each test case's run.
 *
 * <pre>{@code
 * new JudgeLimits(Duration.ofSeconds(1), MemorySize.parse("64M"), MemorySize.parse("16M"), Compare.TOKENS);
 * }</pre>
 *
 * @param cpu     CPU time of the whole sandbox (TLE beyond)
 * @param memory  memory of the whole sandbox (MLE beyond)
 * @param output  what stdout may deliver (OLE beyond)
 * @param compare how outputs are compared
 */
public record JudgeLimits(Duration cpu, MemorySize memory, MemorySize output, Compare compare) {
    /** Wall-clock limit: a program that sleeps or waits for input never uses its CPU time. */
    public Duration wall() {
        return cpu.multipliedBy(3).plusSeconds(2);
    }
}
