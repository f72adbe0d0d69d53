package dev.sandbox4j.internal.launch;

/**
 * Counts what one sandbox's piped streams delivered against its {@link OutputLimits}. A stream's
 * reader asks its {@link Meter} before each read how much it may read (never more than one byte
 * past what is left, so the JVM never holds more than the limit) and reports what it read; a
 * count past a limit is over: the reader delivers only up to the limit, and the budget calls
 * back once so that the sandbox is killed and reported {@code OUTPUT_LIMIT}.
 *
 * <pre>{@code
 * OutputBudget b = new OutputBudget(new OutputLimits(0, 0, 1 << 20));
 * Meter out = b.meter(1);
 * int ask = out.allowance(65536);          // read at most this much
 * int keep = out.delivered(readBytes);     // deliver this much; less than read once over
 * b.whenExceeded(() -> kill());
 * }</pre>
 */
final class OutputBudget {
    private final OutputLimits limits;
    private long combined; // guarded by this
    private boolean exceeded; // guarded by this
    private Runnable onExceeded; // guarded by this

    OutputBudget(OutputLimits limits) {
        this.limits = limits;
    }

    /** The meter of fd 1 (stdout) or 2 (stderr); null when neither limit applies to it. */
    Meter meter(int fd) {
        long own = fd == 1 ? limits.stdout() : limits.stderr();
        return own > 0 || limits.combined() > 0 ? new Meter(own) : null;
    }

    /** Runs {@code action} once when a limit is exceeded (now, when one was already). */
    void whenExceeded(Runnable action) {
        boolean now;
        synchronized (this) {
            onExceeded = action;
            now = exceeded;
        }
        if (now) {
            action.run();
        }
    }

    private synchronized long left(long own, long ownCount) {
        long left = Long.MAX_VALUE;
        if (own > 0) {
            left = own - ownCount;
        }
        if (limits.combined() > 0) {
            left = Math.min(left, limits.combined() - combined);
        }
        return Math.max(0, left);
    }

    private void over() {
        Runnable r;
        synchronized (this) {
            if (exceeded) {
                return;
            }
            exceeded = true;
            r = onExceeded;
        }
        if (r != null) {
            r.run();
        }
    }

    /** One stream's side of the budget; used under its reader's lock. */
    final class Meter {
        private final long own;
        private long count;

        private Meter(long own) {
            this.own = own;
        }

        /** How much to ask the kernel for at most: what is left plus the one byte that tells it is over. */
        int allowance(int wanted) {
            return (int) Math.min(wanted, left(own, count) + 1);
        }

        /** Counts {@code n} bytes read; returns how many of them to deliver (fewer once over). */
        int delivered(int n) {
            long ok;
            synchronized (OutputBudget.this) {
                ok = Math.min(n, left(own, count));
                count += ok;
                combined += ok;
            }
            if (ok < n) {
                over();
            }
            return (int) ok;
        }

        /** True once this stream delivered all it may: a further read only looks for the byte past it. */
        boolean spent() {
            return left(own, count) == 0;
        }
    }
}
