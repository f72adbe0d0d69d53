package dev.sandbox4j;

import dev.sandbox4j.internal.launch.LaunchSpec;
import dev.sandbox4j.internal.launch.SandboxStarter;
import dev.sandbox4j.internal.track.StartTracking;
import java.io.IOException;
import java.util.List;

/**
 * A validated, immutable sandbox definition; {@link #start()} runs it, as
 * often as wanted. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * try (SandboxProcess p = Sandbox.builder()
 *         .timeout(Duration.ofSeconds(10))
 *         .command("/bin/sh", "-c", "ps aux")
 *         .start()) {
 *     SandboxResult r = p.result().join();
 * }
 * }</pre>
 *
 * By default the program gets every namespace (user, pid, mount, net, uts,
 * ipc, cgroup, time), a fresh {@code /proc}, hostname {@code sandbox}, only
 * {@code lo}, a new session and an environment holding only a minimal PATH.
 * As root, root inside maps to the host's {@code nobody}; as an ordinary
 * user, the caller maps to root inside.
 */
public final class Sandbox {
    private final LaunchSpec spec;

    Sandbox(LaunchSpec spec) {
        this.spec = spec;
    }

    public static SandboxBuilder builder() {
        return new SandboxBuilder();
    }

    /** What this host supports: kernel, namespaces, cgroups, seccomp, where the shim runs from. */
    public static ProbeReport probe() {
        return ProbeReport.collect();
    }

    /** Starts the program; returns once it runs, or throws what stopped it, leaving nothing behind. */
    public SandboxProcess start() throws IOException {
        return StartTracking.opened(this, SandboxStarter.start(spec));
    }

    LaunchSpec spec() {
        return spec;
    }

    /** The command this sandbox runs. */
    public List<String> command() {
        return spec.command();
    }

    /** The network this sandbox gets ({@link Network#none()} unless set). */
    public Network network() {
        return spec.network();
    }

    @Override
    public String toString() {
        return "Sandbox" + spec.command() + " namespaces=" + spec.namespaces();
    }
}
