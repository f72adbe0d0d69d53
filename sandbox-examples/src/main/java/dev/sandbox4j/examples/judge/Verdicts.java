package dev.sandbox4j.examples.judge;

import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;

/**
 * Turns a run's {@link SandboxResult} into a verdict; the output comparison comes last, only for a
 * program that ended normally within its limits.
 *
 * <p>Without a cgroup (rootless on a host without delegation) the judge limits memory with
 * RLIMIT_AS: an allocation then fails inside the program, which crashes or exits with an error
 * instead of being killed by the OOM killer. Such a failure counts as MLE when the program's peak
 * RSS reached half the limit, else as RE: an approximation (a single huge allocation that fails at
 * once reads as RE) that judges without a cgroup have to live with.
 *
 * <pre>{@code
 * Verdict v = Verdicts.of(result, limits, true, () -> Arrays.equals(out, expected));
 * }</pre>
 */
final class Verdicts {
    private Verdicts() {}

    static Verdict of(SandboxResult r, JudgeLimits limits, boolean cgroup, java.util.function.BooleanSupplier matches) {
        SandboxStatus s = r.status();
        switch (s) {
            case TIMED_OUT -> {
                return Verdict.TLE;
            }
            case MEMORY_LIMIT -> {
                return Verdict.MLE;
            }
            case OUTPUT_LIMIT -> {
                return Verdict.OLE;
            }
            case SETUP_FAILED -> throw new IllegalStateException("the sandbox could not be set up: " + r);
            default -> {
                // EXITED, SIGNALED, SECCOMP_KILLED below
            }
        }
        if (r.cpuTime().compareTo(limits.cpu()) > 0) {
            return Verdict.TLE; // over the limit between two checks, then it ended by itself
        }
        if (!r.succeeded()) {
            boolean nearMemoryLimit = r.maxRssKb() * 1024 >= limits.memory().bytes() / 2;
            return !cgroup && nearMemoryLimit ? Verdict.MLE : Verdict.RE;
        }
        return matches.getAsBoolean() ? Verdict.AC : Verdict.WA;
    }

    /** The exit code or signal behind a verdict, for people. */
    static String detail(SandboxResult r) {
        if (r.exitCode().isPresent()) {
            return r.exitCode().getAsInt() == 0 ? "" : "exit " + r.exitCode().getAsInt();
        }
        return r.signal().isPresent() ? "signal " + r.signal().getAsInt() : "";
    }
}
