package dev.sandbox4j.examples.judge;

import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.units.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The judge's two kinds of sandbox: the compiler's (generous limits, the source in a workspace)
 * and each case's (the binary read-only at {@code /judge}, a fresh empty workspace at {@code /work},
 * the input on stdin, the case's limits). Without a cgroup (rootless on a host without delegation)
 * CPU time falls back to per-process RLIMIT_CPU and memory to RLIMIT_AS; see {@link Verdicts}.
 */
final class JudgeRuns {
    private static final MemorySize COMPILER_OUTPUT = MemorySize.ofMebibytes(1);
    private static final MemorySize STDERR = MemorySize.ofBytes(64 * 1024);

    private JudgeRuns() {}

    record Compiled(boolean ok, String status, String output) {}

    static Compiled compile(Language lang, Path work, boolean cgroup) throws IOException {
        SandboxBuilder b = Sandbox.builder().workspace(work, "/work").workDir("/work")
                .redirectErrorStream(true).stdoutLimit(COMPILER_OUTPUT)
                .cpuTimeLimit(Duration.ofSeconds(30)).allowPerProcessCpuTimeLimit().timeout(Duration.ofSeconds(120))
                .command(lang.compile());
        if (cgroup) {
            b.memory("1G").pids(256);
        }
        try (SandboxProcess p = b.start()) {
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            SandboxResult r = p.result().join();
            boolean ok = r.succeeded() && Files.exists(work.resolve(lang.artifact()));
            return new Compiled(ok, r.status().name(), text);
        }
    }

    /** Copies the artifact into the (read-only bound) binary directory, readable by the sandbox's uid. */
    static void install(Path artifact, Path bin) throws IOException {
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path to = Files.copy(artifact, bin.resolve(artifact.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    static CaseResult runCase(Language lang, Path bin, Path tests, String name, JudgeLimits limits, boolean cgroup)
            throws IOException {
        Path work = Files.createTempDirectory("judge-case"); // 0700: the workspace makes it root inside's
        try {
            SandboxBuilder b = Sandbox.builder().bindReadOnly(bin, "/judge").workspace(work, "/work").workDir("/work")
                    .redirectInput(Redirect.from(tests.resolve(name + ".in").toFile()))
                    .stdoutLimit(limits.output()).stderrLimit(STDERR)
                    .cpuTimeLimit(limits.cpu()).timeout(limits.wall())
                    .command(command(lang, limits));
            if (cgroup) {
                b.memory(limits.memory()).pids(64);
            } else {
                b.allowPerProcessCpuTimeLimit();
                if (!lang.reservesAddressSpace()) {
                    b.rlimit(ResourceLimit.AS, limits.memory().bytes(), limits.memory().bytes());
                }
            }
            try (SandboxProcess p = b.start()) {
                CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
                byte[] out = drain(p.getInputStream());
                err.join();
                SandboxResult r = p.result().join();
                byte[] expected = Files.readAllBytes(tests.resolve(name + ".out"));
                Verdict v = Verdicts.of(r, limits, cgroup, () -> limits.compare().matches(out, expected));
                return CaseResult.of(name, v, r, Verdicts.detail(r));
            }
        } finally {
            Judge.deleteTree(work);
        }
    }

    private static List<String> command(Language lang, JudgeLimits limits) {
        List<String> cmd = new ArrayList<>(lang.run());
        if (lang.reservesAddressSpace()) {
            cmd.add(1, "-Xmx" + Math.max(16, limits.memory().bytes() / (1024 * 1024) * 3 / 4) + "m");
        }
        return cmd;
    }

    private static byte[] drain(InputStream in) {
        try {
            return in.readAllBytes(); // bounded by the output limit
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
