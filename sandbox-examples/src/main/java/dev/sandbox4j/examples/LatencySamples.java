package dev.sandbox4j.examples;

import java.util.Arrays;

/**
 * Durations of repeated runs of one thing, in nanoseconds, with nearest-rank
 * percentiles.
 *
 * <pre>{@code
 * LatencySamples s = new LatencySamples(200);
 * s.add(System.nanoTime() - t0);
 * double medianMs = s.percentileMillis(50);
 * }</pre>
 */
public final class LatencySamples {
    private final long[] nanos;
    private int count;

    public LatencySamples(int capacity) {
        nanos = new long[capacity];
    }

    public void add(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    public int count() {
        return count;
    }

    /** The nearest-rank percentile {@code p} (1..100) in milliseconds. */
    public double percentileMillis(int p) {
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
