package dev.sandbox4j.internal.launch;

import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.SandboxDescription;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStats;
import dev.sandbox4j.cgroups.CgroupException;
import dev.sandbox4j.cgroups.CgroupStats;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.describe.Inspector;
import dev.sandbox4j.internal.net.NetworkChoice;
import dev.sandbox4j.internal.process.ProgramPid;
import dev.sandbox4j.internal.process.SandboxLifecycle;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.io.IOException;
import java.util.Optional;

/**
 * What a running sandbox offers beyond {@link Process}: pause and resume on its cgroup, its
 * statistics, exec into it, its description, its terminal's size. Each refuses clearly once the
 * sandbox has ended.
 */
final class SandboxOperations {
    private final SandboxRuntime runtime;
    private final LaunchSpec spec;
    private final SandboxLifecycle run;
    private volatile PtyLeader terminal;
    private volatile boolean paused; // exec is refused meanwhile: its init could not join a frozen cgroup's task

    /** @param runtime what the sandbox was started with, and an exec into it is */
    SandboxOperations(SandboxRuntime runtime, LaunchSpec spec, SandboxLifecycle run) {
        this.runtime = runtime;
        this.spec = spec;
        this.run = run;
    }

    private boolean ended() {
        return run.ended().isDone();
    }

    void pause() throws IOException {
        requireCgroup("pause").freeze();
        paused = true;
    }

    void resume() throws IOException {
        requireCgroup("resume").thaw();
        paused = false;
    }

    Optional<SandboxStats> stats() throws IOException {
        SandboxCgroup cgroup = run.cgroup();
        if (cgroup == null || ended()) {
            return Optional.empty();
        }
        CgroupStats s = cgroup.stats();
        return Optional.of(new SandboxStats(s.memoryCurrentBytes(), s.memoryPeakBytes(), s.cpuUsage(),
                s.cpuThrottledPeriods(), s.cpuThrottledTime(), s.pidsCurrent(), s.pidsPeak(), s.oomKills()));
    }

    private SandboxCgroup requireCgroup(String what) throws CgroupException {
        if (run.cgroup() == null) {
            throw new IllegalStateException(what + " needs a cgroup: set a limit (memory, cpus, pids, ...) or "
                    + "accounting() on the builder");
        }
        if (ended()) {
            throw new IllegalStateException("sandbox " + run.program().pid() + " has ended");
        }
        return run.cgroup();
    }

    SandboxProcess exec(ExecSpec e) throws IOException {
        ProgramPid.Found program = run.program();
        if (ended() || !program.programFound()) {
            throw new IllegalStateException("cannot exec " + e.command() + ": the sandbox has ended");
        }
        if (paused) {
            throw new IllegalStateException("cannot exec " + e.command() + ": the sandbox is paused (resume() it)");
        }
        return SandboxExec.start(runtime, spec, run.hostIds(), program.pid(),
                () -> program.handle().isAlive() && !ended(), run.cgroup(), e);
    }

    SandboxDescription describe() throws IOException {
        ProgramPid.Found program = run.program();
        if (ended()) {
            throw new IllegalStateException("sandbox " + program.initPid() + " has ended: nothing to describe");
        }
        if (!program.programFound()) {
            throw new IllegalStateException("sandbox " + program.initPid()
                    + ": its program has ended: nothing to describe");
        }
        return Inspector.describe(program.initPid(), program.pid(), spec.hardening().seccompFilter(), run.cgroup(),
                spec.cgroup() == null ? null : spec.cgroup().limits(), stats().orElse(null),
                NetworkChoice.describe(spec.network()).substring("network: ".length()));
    }

    /** The terminal of a {@code tty(true)} sandbox, set once before the run is watched. */
    void attachTerminal(PtyLeader leader) {
        this.terminal = leader;
    }

    void resizeTerminal(int columns, int rows) throws IOException {
        if (terminal == null) {
            throw new IllegalStateException("the sandbox has no terminal: start it with tty(true)");
        }
        terminal.resize(columns, rows);
    }
}
