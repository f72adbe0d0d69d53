package dev.sandbox4j.examples.judge;

import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.examples.DurationConverter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A reference online judge on sandbox4j: compiles a submission in one sandbox, runs each test case
 * ({@code N.in}, {@code N.out}) in a fresh one with the binary read-only and an empty workspace,
 * and prints one verdict per case (AC, WA, TLE, MLE, OLE, RE, CE) with CPU time and memory.
 *
 * <pre>
 * sandbox-examples/bin/judge --lang c --time 1s --memory 64M --report r.json solution.c tests/
 * </pre>
 *
 * <p>Library use: {@link #judge(Path, Language, Path, JudgeLimits)}.
 */
@Command(name = "judge", sortOptions = false, description = "Judge a submission against a directory of N.in/N.out.")
public final class Judge implements Callable<Integer> {
    @Option(names = "--lang", required = true, paramLabel = "LANG", description = "c, c++, python or java.")
    String language;
    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "CPU time per case, of the whole sandbox (default 1s).")
    Duration time = Duration.ofSeconds(1);
    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory per case (default 256M).")
    String memory = "256M";
    @Option(names = "--output", paramLabel = "SIZE", description = "Output per case (default 64M).")
    String output = "64M";
    @Option(names = "--exact", description = "Compare byte for byte (default: whitespace-separated tokens).")
    boolean exact;
    @Option(names = "--report", paramLabel = "FILE", description = "Write the report as JSON.")
    Path report;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    @Parameters(index = "0", paramLabel = "SOURCE")
    Path source;
    @Parameters(index = "1", paramLabel = "TESTS")
    Path tests;

    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Judge()).execute(args));
    }

    /** Runs the command line; the verdicts go to {@code out}. Exit code 0 once judged, 2 for bad usage. */
    public static int execute(PrintStream out, String... args) {
        Judge j = new Judge();
        j.out = out;
        return new CommandLine(j).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        JudgeLimits limits = new JudgeLimits(time, MemorySize.parse(memory), MemorySize.parse(output),
                exact ? Compare.EXACT : Compare.TOKENS);
        Report r = judge(source, Language.parse(language), tests, limits);
        if (!r.compiled()) {
            out.println("compilation failed:");
            out.print(r.compilerOutput());
        }
        r.cases().forEach(c -> out.println(c.line()));
        if (report != null) {
            Files.writeString(report, r.toJson() + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** Compiles {@code source} and judges it on every case of {@code tests}. */
    public static Report judge(Path source, Language lang, Path tests, JudgeLimits limits) throws IOException {
        List<String> cases = cases(tests);
        boolean cgroup = CgroupHost.detect().isAvailable();
        Path work = Files.createTempDirectory("judge-compile");
        Path bin = Files.createTempDirectory("judge-bin");
        try {
            Files.copy(source, work.resolve(lang.source()));
            JudgeRuns.Compiled c = JudgeRuns.compile(lang, work, cgroup);
            if (!c.ok()) {
                List<CaseResult> ce = new ArrayList<>();
                cases.forEach(n -> ce.add(new CaseResult(n, Verdict.CE, 0, 0, 0, c.status(), "")));
                return new Report(lang, false, c.output(), ce);
            }
            JudgeRuns.install(work.resolve(lang.artifact()), bin);
            List<CaseResult> results = new ArrayList<>();
            for (String n : cases) {
                results.add(JudgeRuns.runCase(lang, bin, tests, n, limits, cgroup));
            }
            return new Report(lang, true, c.output(), results);
        } finally {
            deleteTree(work);
            deleteTree(bin);
        }
    }

    /** The case names of {@code dir}: every {@code N.in} with its {@code N.out}, numbers in numeric order. */
    static List<String> cases(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".in"))
                    .map(f -> f.substring(0, f.length() - 3)).filter(n -> Files.exists(dir.resolve(n + ".out")))
                    .sorted(Comparator.comparing((String n) -> n.length()).thenComparing(n -> n)).toList();
            if (names.isEmpty()) {
                throw new IOException("no test cases in " + dir + ": expected N.in with N.out");
            }
            return names;
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(Judge.class.getName()).log(System.Logger.Level.WARNING, "cannot remove " + root, e);
        }
    }
}
