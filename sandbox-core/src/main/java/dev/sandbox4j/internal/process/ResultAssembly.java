package dev.sandbox4j.internal.process;

import dev.sandbox4j.FileChange;
import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.internal.launch.StatusRecord;
import dev.sandbox4j.internal.seccomp.Arch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a finished sandbox's {@link SandboxResult}, once, from its {@link Outcome}, the program's
 * exit record, what the cleanups measured, and the first seccomp trap.
 *
 * <pre>{@code
 * SandboxResult r = ResultAssembly.assemble(outcome, exited, wall, measured, trapped, hostIds);
 * }</pre>
 */
final class ResultAssembly {
    private ResultAssembly() {}

    /**
     * @param exited  the init's report of the program's end, null when the sandbox was killed as a whole
     * @param trapped the first seccomp trap, null for none
     * @param hostIds the user namespace's host ids, null without one
     */
    static SandboxResult assemble(Outcome outcome, StatusRecord.Exited exited, Duration wall, Measurements measured,
            StatusRecord.Trapped trapped, HostIds hostIds) {
        Duration user = exited == null ? Duration.ZERO : Duration.ofNanos(exited.userMicros() * 1000);
        Duration system = exited == null ? Duration.ZERO : Duration.ofNanos(exited.systemMicros() * 1000);
        long rss = exited == null ? 0 : exited.maxRssKb();
        return new SandboxResult(outcome.status(), outcome.exitCode(), outcome.signal(), wall, user, system, rss,
                measured.memoryPeakBytes(), measured.cpuUsage(), measured.pidsPeak(), measured.oomKilled(),
                outcome.timeoutKind(),
                measured.changes().stream()
                        .map(c -> new FileChange(FileChange.Kind.valueOf(c.kind().name()), c.path())).toList(),
                trapped == null ? Optional.empty() : Optional.of(Objects.requireNonNullElse(
                        Arch.current().syscalls().name(trapped.nr()), "syscall " + trapped.nr())),
                Optional.ofNullable(hostIds));
    }
}
