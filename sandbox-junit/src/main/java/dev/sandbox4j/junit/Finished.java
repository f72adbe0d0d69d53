package dev.sandbox4j.junit;

import dev.sandbox4j.SandboxResult;
import java.time.Duration;
import java.util.Optional;

/**
 * A sandbox that has ended, as an assertion failure describes it.
 *
 * @param command what it ran, when known
 * @param result  how it ended
 * @param stdout  what it wrote to stdout, when read (assertions on a {@code SandboxProcess})
 * @param stderr  likewise for stderr
 */
record Finished(Optional<String> command, SandboxResult result, Optional<String> stdout, Optional<String> stderr) {

    private static final int TAIL_LINES = 20;
    private static final int LINE_CHARS = 300;

    /** CPU time of the whole sandbox (its cgroup's), else of the program and the children it waited for. */
    Duration cpu() {
        return result.cpuUsage().orElse(result.userCpu().plus(result.systemCpu()));
    }

    /** Peak memory of the whole sandbox (its cgroup's), else the program's peak resident set. */
    long peakMemoryBytes() {
        return result.memoryPeakBytes().orElse(result.maxRssKb() * 1024);
    }

    /**
     * The status with its exit code or signal: {@code "EXITED with code 3"}, {@code "SIGNALED by signal 9 (SIGKILL)"}.
     */
    String ending() {
        SandboxResult r = result;
        StringBuilder sb = new StringBuilder(r.status().toString());
        r.exitCode().ifPresent(c -> sb.append(" with code ").append(c));
        r.signal().ifPresent(s -> sb.append(" by signal ").append(s).append(" (").append(Signals.name(s)).append(')'));
        r.timeoutKind().ifPresent(k -> sb.append(", timeout kind ").append(k));
        if (r.oomKilled()) {
            sb.append(", the memory controller killed a process");
        }
        r.trappedSyscall().ifPresent(c -> sb.append(", seccomp trapped ").append(c));
        return sb.toString();
    }

    /** The description an assertion failure ends with. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("\n  command: ").append(command.orElse("(unknown: assert on the SandboxProcess, started with "
                + "SandboxExtension or after SandboxAssertions was first used, to see it)"));
        sb.append("\n  ended:   ").append(ending());
        sb.append("\n  used:    wall ").append(millis(result.wallTime())).append(", cpu ").append(millis(cpu()))
                .append(", peak memory ").append(peakMemoryBytes() / 1024).append(" KiB");
        tail(sb, "stdout", stdout);
        tail(sb, "stderr", stderr);
        return sb.toString();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static void tail(StringBuilder sb, String name, Optional<String> text) {
        sb.append("\n  ").append(name).append(':');
        if (text.isEmpty()) {
            sb.append(" (not read: assert on the SandboxProcess to see it)");
            return;
        }
        String t = text.get();
        if (t.isEmpty()) {
            sb.append(" (empty)");
            return;
        }
        String[] lines = t.split("\n", -1);
        int n = t.endsWith("\n") ? lines.length - 1 : lines.length;
        int from = Math.max(0, n - TAIL_LINES);
        sb.append(from == 0 ? "" : " (last " + TAIL_LINES + " of " + n + " lines)");
        for (int i = from; i < n; i++) {
            String line = lines[i].length() > LINE_CHARS ? lines[i].substring(0, LINE_CHARS) + "..." : lines[i];
            sb.append("\n    | ").append(line);
        }
        if (!t.endsWith("\n")) {
            sb.append("\n    (no newline at the end)");
        }
    }
}
