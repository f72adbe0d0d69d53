package dev.sandbox4j.internal.pool;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Network;
import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.MountStep;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.fs.PreparedRoot;
import dev.sandbox4j.fs.RootSource;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pooled sandbox keeps between runs and what is reset: the policy
 * behind the reset contract of {@code SandboxPool}. A definition whose state
 * could not be reset is refused before anything is started.
 */
final class PoolPolicy {
    private static final int CAP_NET_ADMIN = 12;

    private PoolPolicy() {}

    /** Refuses what a reset could not undo; returns the definition's writable tmpfs mounts. */
    static List<String> check(LaunchSpec spec) {
        for (Namespace ns : List.of(Namespace.PID, Namespace.MOUNT, Namespace.IPC)) {
            if (!spec.has(ns)) {
                refuse("shares the host's " + ns + " namespace: a pooled sandbox needs its own, so that the "
                        + "reset can " + (ns == Namespace.IPC ? "give each run a fresh one" : ns == Namespace.PID
                                ? "kill and count every process of a run" : "empty its writable mounts"));
            }
        }
        if (!spec.network().equals(Network.none()) && !spec.network().equals(Network.host())) {
            refuse("uses network " + spec.network() + ": only Network.none() (kept: sockets die with the run's "
                    + "processes) and Network.host() can be pooled");
        }
        long caps = spec.hardening().keepCaps();
        if (spec.has(Namespace.NET) && (caps == -1L || (caps & 1L << CAP_NET_ADMIN) != 0)) {
            refuse("keeps CAP_NET_ADMIN in its own network namespace: a run could change its interfaces, addresses "
                    + "or routes, which the reset neither restores nor checks");
        }
        if (spec.terminal() != null) {
            refuse("has a terminal (tty(true)): pooled runs use pipes or files");
        }
        if (spec.hardening().traceTraps()) {
            refuse("has seccomp TRAP rules, which need the init to trace the program");
        }
        if (!spec.hardening().passFds().isEmpty() || !spec.hardening().workspaces().isEmpty()) {
            refuse("passes fds or workspaces: they are host state a reset cannot undo");
        }
        return writableTmpfs(spec.mounts());
    }

    private static List<String> writableTmpfs(MountPlan plan) {
        if (plan.root() instanceof RootSource.Overlay || plan.root() instanceof RootSource.Directory d
                && d.writable()) {
            refuse("has a writable root (" + plan.root() + "): a pooled sandbox needs a read-only root, whose "
                    + "writable places are tmpfs mounts the reset empties");
        }
        List<String> readOnly = new ArrayList<>(), tmpfs = new ArrayList<>();
        for (MountStep s : plan.steps()) {
            switch (s) {
                // a device node (/dev/null, /dev/tty) keeps nothing a run writes
                case MountStep.Bind b when !b.readOnly() && (Files.isDirectory(b.source(), LinkOption.NOFOLLOW_LINKS)
                        || Files.isRegularFile(b.source(), LinkOption.NOFOLLOW_LINKS)) -> refuse("binds " + b.source() + " writable at "
                        + b.target() + ": what a run writes there stays on the host; bind it read-only");
                case MountStep.Overlay o -> refuse("has an overlay at " + o.target() + ": its upper directory "
                        + "is on the host; use a tmpfs");
                case MountStep.File f -> refuse("places a file at " + f.target() + "; place files per run "
                        + "with PooledRun.file(...) instead");
                case MountStep.Mqueue q -> refuse("mounts mqueue at " + q.target() + ": each run gets a fresh "
                        + "IPC namespace, which that mount would not show");
                case MountStep.Tmpfs t -> tmpfs.add(t.target());
                case MountStep.RemountReadOnly r -> readOnly.add(r.target());
                case MountStep.ReadOnlyPath r -> readOnly.add(r.target());
                default -> {
                }
            }
        }
        tmpfs.removeAll(readOnly);
        return List.copyOf(tmpfs);
    }

    /**
     * The preparation's ops after the init's own: what is recorded now and
     * checked or restored at every reset, in the order the reset applies them.
     */
    static void prepareOps(LaunchSpec spec, PreparedMounts mounts, List<String> writable, PlanWriter w) {
        if (mounts != null && mounts.root() instanceof PreparedRoot.Bind b && !b.readOnlyAtEnd()) {
            refuse("has a writable root: a pooled sandbox needs a read-only root");
        }
        for (String path : writable) {
            w.op(OpCode.POOL_EMPTY).str(path).end();
        }
        w.flag(OpCode.POOL_MOUNTS);
        if (spec.has(Namespace.UTS)) {
            w.flag(OpCode.POOL_UTS);
        }
        w.flag(OpCode.POOL_NEW_IPC);
    }

    private static void refuse(String why) {
        throw new IllegalArgumentException("this sandbox cannot be pooled: it " + why);
    }
}
