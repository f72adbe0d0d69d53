package dev.sandbox4j.examples;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxBuilder;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --share-*} options of {@code sandbox-run}: every namespace is
 * new unless shared with the host.
 *
 * <pre>{@code
 * sandbox-run --share-net -- /usr/bin/curl https://example.org
 * }</pre>
 */
public final class NamespaceOptions {
    @Option(names = "--share-net", description = "Use the host's network namespace.")
    boolean net;
    @Option(names = "--share-pid", description = "Use the host's pid namespace (the sandbox then always gets a cgroup, "
            + "which ends everything it started; refused without a writable one).")
    boolean pid;
    @Option(names = "--share-ipc", description = "Use the host's IPC namespace.")
    boolean ipc;
    @Option(names = "--share-uts", description = "Use the host's UTS namespace (and hostname).")
    boolean uts;
    @Option(names = "--share-user", description = "Use the host's user namespace (root only).")
    boolean user;
    @Option(names = "--share-mount", description = "Use the host's mount namespace.")
    boolean mount;
    @Option(names = "--share-cgroup", description = "Use the host's cgroup namespace.")
    boolean cgroup;
    @Option(names = "--share-time", description = "Use the host's time namespace.")
    boolean time;

    /** The namespaces asked to be shared, in {@link Namespace} order. */
    public List<Namespace> shared() {
        List<Namespace> shared = new ArrayList<>();
        add(shared, user, Namespace.USER);
        add(shared, pid, Namespace.PID);
        add(shared, mount, Namespace.MOUNT);
        add(shared, net, Namespace.NET);
        add(shared, uts, Namespace.UTS);
        add(shared, ipc, Namespace.IPC);
        add(shared, cgroup, Namespace.CGROUP);
        add(shared, time, Namespace.TIME);
        return shared;
    }

    /** Calls {@link SandboxBuilder#share} for the shared namespaces. */
    public void applyTo(SandboxBuilder builder) {
        List<Namespace> shared = shared();
        if (!shared.isEmpty()) {
            builder.share(shared.toArray(Namespace[]::new));
        }
    }

    private static void add(List<Namespace> list, boolean flag, Namespace ns) {
        if (flag) {
            list.add(ns);
        }
    }
}
