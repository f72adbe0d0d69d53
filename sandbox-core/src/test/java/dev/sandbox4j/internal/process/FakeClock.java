package dev.sandbox4j.internal.process;

import java.time.Duration;

/** A clock that moves only when the test says so. */
final class FakeClock implements Clock {
    private long now = 1_000_000_000L; // any start: readings only matter as differences

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    synchronized void advance(Duration d) {
        now += d.toNanos();
    }
}
