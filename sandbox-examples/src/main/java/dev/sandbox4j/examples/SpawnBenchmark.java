package dev.sandbox4j.examples;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxNetwork;
import dev.sandbox4j.SandboxPool;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what a sandbox costs to start, in one JVM, alternating runs
 * (each round starts one variant later, so none always follows the same one) of
 * (a) {@code ProcessBuilder("/bin/true")}, (b) {@code ProcessBuilder} running
 * {@code bwrap --unshare-all ... /bin/true} when bwrap is installed and (c)
 * sandbox4j running {@code /bin/true} with all namespaces and (d) the same
 * from a {@link SandboxPool} of 2; prints median and p90 of each and, last,
 * the ratios of the medians c/a, c/b and d/a. A program, not a test: timings
 * belong in a report, not in assertions.
 *
 * <p>With {@code --throughput}, it measures runs per second instead, with 1,
 * 2 and 4 threads, for (b), (c) and (d) ({@link ThroughputBenchmark}).
 *
 * <p>With {@code --breakdown}, variants of (c) that leave one piece out run
 * afterwards (no seccomp filter, the host's mount namespace, the host's
 * network namespace), alternating with (c) among themselves, to show what
 * each piece costs. They run in a phase of their own because they ask for
 * different namespaces: the shim server keeps a spare init for the last
 * launch's namespaces only, so alternating them with (a), (b) and (c) would
 * take it from (c). In that phase no start gets a spare with its own
 * namespaces, except the variant right after (c) that shares them. The
 * ratios compare (c) of the first phase.
 *
 * <p>{@code --warmup=ROUNDS} (default 300) rounds of every variant run first
 * and are not counted. The default is long enough for the JIT compiler to be
 * done with the start path: with 20 rounds its threads still compete for the
 * CPUs during the measured runs, which on a two-core machine made (c) about
 * 10% slower than in steady state and (a) and (b) a few percent.
 *
 * <pre>{@code
 * sandbox-examples/bin/spawn-benchmark 500
 * sandbox-examples/bin/spawn-benchmark 200 --breakdown
 * sandbox-examples/bin/spawn-benchmark 200 --warmup=1000
 * sandbox-examples/bin/spawn-benchmark --throughput
 * }</pre>
 */
public final class SpawnBenchmark {
    private static final int DEFAULT_WARM_UP = 300;
    private static final List<String> BWRAP_ARGS = List.of("--unshare-all", "--die-with-parent",
            "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "/bin/true");

    /** One way of running {@code /bin/true} to completion. */
    private interface Variant {
        void runOnce() throws Exception;
    }

    private record Entry(String label, Variant variant, LatencySamples samples) {}

    private SpawnBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean breakdown = false, throughput = false;
        int runs = 200, warmUp = DEFAULT_WARM_UP;
        for (String arg : args) {
            if (arg.equals("--breakdown")) {
                breakdown = true;
            } else if (arg.equals("--throughput")) {
                throughput = true;
            } else if (arg.startsWith("--warmup=")) {
                warmUp = count("--warmup", arg.substring("--warmup=".length()), 0);
            } else if (!arg.startsWith("--")) {
                runs = count("the number of runs", arg, 1);
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + "; accepted: [N] [--breakdown] [--warmup=ROUNDS] [--throughput]");
            }
        }
        Sandbox sandbox = Sandbox.builder().command("/bin/true").build();
        Path bwrap = onPath("bwrap");
        if (throughput) {
            List<String> cmd = bwrap == null ? null : new ArrayList<>(List.of(bwrap.toString()));
            if (cmd != null) {
                cmd.addAll(BWRAP_ARGS);
            }
            ThroughputBenchmark.run(sandbox, cmd, 3000);
            return;
        }
        SandboxPool pool = SandboxPool.of(sandbox, 2);

        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("(a) ProcessBuilder /bin/true", () -> processBuilder(List.of("/bin/true")),
                new LatencySamples(runs)));
        if (bwrap != null) {
            List<String> cmd = new ArrayList<>(List.of(bwrap.toString()));
            cmd.addAll(BWRAP_ARGS);
            entries.add(new Entry("(b) ProcessBuilder bwrap --unshare-all", () -> processBuilder(cmd),
                    new LatencySamples(runs)));
        }
        Entry c = new Entry("(c) sandbox4j /bin/true, all namespaces", () -> sandbox(sandbox),
                new LatencySamples(runs));
        entries.add(c);
        Entry d = new Entry("(d) sandbox4j /bin/true, pool of 2", () -> pooled(pool), new LatencySamples(runs));
        entries.add(d);

        System.out.printf("spawn benchmark: %d runs each after %d warm-up, alternating, one JVM (Java %s, Linux %s)%n",
                runs, warmUp, Runtime.version(), System.getProperty("os.version"));
        measure(entries, runs, warmUp);
        print(entries);
        if (breakdown) {
            try (SandboxNetwork net = SandboxNetwork.create("spawn-bench", "10.231.0.0/24")) {
                List<Entry> parts = List.of(
                        new Entry("(c) again, in the breakdown phase", () -> sandbox(sandbox),
                                new LatencySamples(runs)),
                        variant("(c) without a seccomp filter", Sandbox.builder().seccomp(null), runs),
                        variant("(c) sharing the mount namespace", Sandbox.builder().share(Namespace.MOUNT), runs),
                        variant("(c) sharing the network namespace", Sandbox.builder().share(Namespace.NET), runs),
                        variant("(c) on a private network", Sandbox.builder().network(Network.attach(net)), runs),
                        variant("(c) with nat()", Sandbox.builder().network(Network.nat()), runs));
                System.out.println("breakdown, alternating among themselves (no spare init with the same namespaces"
                        + " except right after (c)):");
                measure(parts, runs, warmUp);
                print(parts);
            }
        }
        if (bwrap == null) {
            System.out.println("(b) skipped: bwrap is not on PATH (install bubblewrap to compare)");
        }
        double a = entries.getFirst().samples().percentileMillis(50);
        double cMedian = c.samples().percentileMillis(50);
        System.out.printf(Locale.ROOT, "ratio c/a = %.2f (target <= 2.5)%n", cMedian / a);
        System.out.printf(Locale.ROOT, "ratio d/a = %.2f (target <= 1.0)%n", d.samples().percentileMillis(50) / a);
        pool.close();
        if (bwrap != null) {
            System.out.printf(Locale.ROOT, "ratio c/b = %.2f (target <= 0.5)%n",
                    cMedian / entries.get(1).samples().percentileMillis(50));
        } else {
            System.out.println("ratio c/b = n/a, bwrap not installed (target <= 0.5)");
        }
    }

    private static void measure(List<Entry> entries, int runs, int warmUp) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            for (Entry e : entries) {
                e.variant().runOnce();
            }
        }
        // Each round starts one variant later: every variant follows every other equally often, so none is
        // always measured while the one before it still finishes in the background (the server preparing the
        // next spare init after (c), a pooled sandbox's reset after (d)).
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < entries.size(); k++) {
                Entry e = entries.get((i + k) % entries.size());
                long t0 = System.nanoTime();
                e.variant().runOnce();
                e.samples().add(System.nanoTime() - t0);
            }
        }
    }

    private static void print(List<Entry> entries) {
        for (Entry e : entries) {
            System.out.printf(Locale.ROOT, "%-40s median %6.2f ms   p90 %6.2f ms%n", e.label(),
                    e.samples().percentileMillis(50), e.samples().percentileMillis(90));
        }
    }

    private static int count(String what, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < min) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not a whole number >= " + min);
        }
        return n;
    }

    private static Entry variant(String label, SandboxBuilder builder, int runs) {
        Sandbox variant = builder.command("/bin/true").build();
        return new Entry(label, () -> sandbox(variant), new LatencySamples(runs));
    }

    static void processBuilder(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        int code = p.waitFor();
        p.getOutputStream().close();
        p.getInputStream().close();
        p.getErrorStream().close();
        if (code != 0) {
            throw new IllegalStateException(command + " exited with " + code);
        }
    }

    static void sandbox(Sandbox sandbox) throws Exception {
        try (SandboxProcess p = sandbox.start()) {
            SandboxResult r = p.result().join();
            if (!r.succeeded()) {
                throw new IllegalStateException("sandbox4j /bin/true ended " + r);
            }
        }
    }

    static void pooled(SandboxPool pool) throws Exception {
        try (SandboxProcess p = pool.start()) {
            SandboxResult r = p.result().join();
            if (!r.succeeded()) {
                throw new IllegalStateException("pooled /bin/true ended " + r);
            }
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
