package dev.sandbox4j.examples;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The throughput mode of {@link SpawnBenchmark}: runs of {@code /bin/true} per
 * second with 1, 2 and 4 threads each starting runs back to back, for (b)
 * bwrap, (c) a sandbox started afresh each time and (d) a pooled sandbox (a
 * pool of twice the number of threads, so a run finds a sandbox whose reset
 * is done and none prepares its own).
 */
final class ThroughputBenchmark {
    private static final int[] THREADS = {1, 2, 4};

    /** One way of running {@code /bin/true} once, given the pool of its thread count (or null). */
    interface Run {
        void once(SandboxPool pool) throws Exception;
    }

    private ThroughputBenchmark() {}

    /**
     * @param bwrap the (b) command, or null to skip it
     * @param millis how long each thread count runs
     */
    static void run(Sandbox sandbox, List<String> bwrap, long millis) throws Exception {
        System.out.printf(Locale.ROOT, "throughput: runs of /bin/true per second, %d ms per cell%n", millis);
        System.out.printf(Locale.ROOT, "%-36s %10s %10s %10s%n", "", "1 thread", "2 threads", "4 threads");
        List<String> labels = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        if (bwrap != null) {
            labels.add("(b) bwrap --unshare-all");
            runs.add(pool -> SpawnBenchmark.processBuilder(bwrap));
        }
        labels.add("(c) sandbox4j, a new sandbox each");
        runs.add(pool -> SpawnBenchmark.sandbox(sandbox));
        labels.add("(d) sandbox4j, pooled");
        runs.add(SpawnBenchmark::pooled);
        double[][] perSecond = new double[runs.size()][THREADS.length];
        for (int t = 0; t < THREADS.length; t++) {
            try (SandboxPool pool = SandboxPool.of(sandbox, 2 * THREADS[t])) {
                for (int r = 0; r < runs.size(); r++) {
                    perSecond[r][t] = measure(runs.get(r), pool, THREADS[t], millis);
                }
            }
        }
        for (int r = 0; r < runs.size(); r++) {
            System.out.printf(Locale.ROOT, "%-36s %10.0f %10.0f %10.0f%n", labels.get(r), perSecond[r][0],
                    perSecond[r][1], perSecond[r][2]);
        }
        int c = runs.size() - 2, d = runs.size() - 1;
        System.out.printf(Locale.ROOT, "pooled runs/s with 2 threads = %.0f (target >= 800), d/c = %.2f (target >= 2)%n",
                perSecond[d][1], perSecond[d][1] / perSecond[c][1]);
    }

    /** Runs for a warm-up second, then counts completed runs over millis. */
    private static double measure(Run run, SandboxPool pool, int threads, long millis) throws Exception {
        LongAdder done = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean(), stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        run.once(pool);
                        if (counting.get()) {
                            done.increment();
                        }
                    }
                } catch (Exception e) {
                    failure[0] = e;
                    stop.set(true);
                }
            }));
        }
        Thread.sleep(1000);
        counting.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        counting.set(false);
        long elapsed = System.nanoTime() - t0;
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return done.sum() * 1e9 / elapsed;
    }
}
