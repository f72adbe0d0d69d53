package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.HostIds;
import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.cgroups.SandboxCgroup;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@link SandboxProcess#exec}: one more launch through the shim server,
 * whose init creates no namespace but joins the running sandbox's through
 * its program's pidfd (setns with every CLONE_NEW* flag the sandbox has,
 * user namespace included, in one call), after the server put it into the
 * sandbox's cgroup; then its target applies the sandbox's own target steps
 * (ids, rlimits, capabilities, no_new_privs, closed fds, seccomp filter)
 * and execs. The server did this for the first program too, so no new
 * server request is needed, and nothing of Java runs in a child.
 *
 * <p>The program's pidfd, not the init's: the sandbox's init entered its
 * time namespace with unshare, which moves only its children, so only the
 * program is in all of the sandbox's namespaces.
 */
final class SandboxExec {
    private SandboxExec() {}

    /**
     * @param stillRunning whether the program behind {@code programPid} is still the sandbox's,
     *                     asked once its pidfd is open (a pid can be reused)
     */
    static SandboxProcess start(SandboxRuntime runtime, LaunchSpec sandbox, HostIds hostIds, long programPid,
            BooleanSupplier stillRunning, SandboxCgroup cgroup, ExecSpec e) throws IOException {
        LaunchSpec spec = spec(sandbox, e);
        Plan plan = encode(spec, sandbox, cgroup == null ? List.of() : cgroup.procsFiles());
        Syscalls sys = runtime.sys();
        int pidfd = sys.pidfdOpen((int) programPid);
        try {
            if (!stillRunning.getAsBoolean()) {
                throw new IllegalStateException("cannot exec " + e.command() + ": the sandbox has ended");
            }
            // created as the server is (it may join any namespace); the sandbox's ids are reported as its
            LaunchIds ids = new LaunchIds(hostIds, LaunchIds.SERVER, LaunchIds.SERVER, -1);
            return new ShimClient(runtime).launch(spec, ids, plan, null, List.of(),
                    Map.of(PlanEncoder.joinSlot(spec), pidfd));
        } finally {
            sys.close(pidfd);
        }
    }

    /** The sandbox's settings with the exec's command, environment, directory, ids and stdio. */
    static LaunchSpec spec(LaunchSpec s, ExecSpec e) {
        if (e.tty() && !(e.stdin().type() == Redirect.Type.PIPE && e.stdout().type() == Redirect.Type.PIPE
                && e.stderr().type() == Redirect.Type.PIPE)) {
            throw new IllegalArgumentException("exec with a tty makes the terminal its stdin, stdout and stderr: "
                    + "drop the redirects");
        }
        Map<String, String> env = s.environment();
        if (!e.environment().isEmpty()) {
            env = new LinkedHashMap<>();
            env.put("PATH", s.environment().getOrDefault("PATH", PlanEncoder.SEARCH_PATH));
            env.putAll(e.environment());
        }
        HardeningSpec h = s.hardening();
        HardeningSpec noPassedFds = new HardeningSpec(h.seccompFilter(), h.keepCaps(), h.noNewPrivs(), h.rlimits(),
                List.of(), h.cpuTimeLimit(), h.traceTraps());
        return s.toBuilder().command(e.command())
                .ids(e.uid() != null ? e.uid() : s.uid(), e.gid() != null ? e.gid() : s.gid())
                .changeIds(s.changeIds() || e.uid() != null || e.gid() != null).environment(env)
                .workDir(e.workDir()).stdin(e.stdin()).stdout(e.stdout()).stderr(e.stderr())
                .redirectErrorStream(false).timeout(null).cgroup(null).hardening(noPassedFds)
                .network(null).terminal(e.tty() ? TerminalSpec.DEFAULT : null).build();
    }

    /** Outer: no namespace, the sandbox's cgroup; init: join, ids, terminal; target: the sandbox's steps. */
    static Plan encode(LaunchSpec spec, LaunchSpec sandbox, List<Path> cgroupProcs) {
        PlanWriter w = new PlanWriter();
        w.op(OpCode.CLONE).u64(0).end();
        for (Path procs : cgroupProcs) {
            w.op(OpCode.CGROUP_JOIN).str(procs.toString()).end();
        }
        long flags = 0;
        for (Namespace ns : sandbox.namespaces()) {
            flags |= ns.cloneFlag(); // joining one's own namespace fails: only the sandbox's new ones
        }
        if (flags != 0) {
            w.op(OpCode.JOIN).u32(PlanEncoder.joinSlot(spec)).u64(flags).end();
        }
        w.op(OpCode.SET_NAME).str("sandbox4j-exec").end();
        if (sandbox.has(Namespace.USER)) {
            // as the sandbox's init: what it creates (a terminal) needs ids the namespace maps
            w.op(OpCode.INIT_IDS).u32(sandbox.gid()).u32(sandbox.uid()).end();
        }
        if (spec.hardening().traceTraps()) {
            w.flag(OpCode.TRACE_TRAPS);
        }
        PlanEncoder.forwardSignals(w);
        PlanEncoder.terminal(spec, w);
        PlanEncoder.target(spec, w);
        return w.plan();
    }
}
