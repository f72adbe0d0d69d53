package dev.sandbox4j;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.launch.SandboxStarter;
import dev.sandbox4j.internal.launch.SpecDescription;
import dev.sandbox4j.internal.sys.NativeAccess;
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
 * As root, the sandbox gets a range of host ids of its own (see {@link HostIds}); as an ordinary
 * user, the caller maps to root inside.
 */
public final class Sandbox {
    private final LaunchSpec spec;
    private final SandboxBuilder settings; // a private copy of the builder that made this, for toBuilder()

    Sandbox(LaunchSpec spec, SandboxBuilder settings) {
        this.spec = spec;
        this.settings = settings;
    }

    /**
     * A new builder with every namespace new and the defaults described above.
     *
     * @return a builder; each setting can be made once
     */
    public static SandboxBuilder builder() {
        NativeAccess.require();
        return new SandboxBuilder(SandboxRuntime.system());
    }

    /**
     * A builder preset with this sandbox's settings, for variants of a base definition. Each setting
     * copied from here may be made once more, replacing the copy ({@code command}, {@code memory},
     * {@code timeout}, an environment variable, ...); additive settings ({@code bind}, {@code tmpfs},
     * {@code env} of a new name) add to the copied ones; two settings of the copied builder itself
     * still fail fast, and {@link SandboxBuilder#build()} checks the whole again. This sandbox is
     * not changed.
     *
     * <pre>{@code
     * Sandbox base = Sandbox.builder().memory("256M").timeout(Duration.ofSeconds(5))
     *         .command("/bin/true").build();
     * Sandbox python = base.toBuilder().memory("512M").command("/usr/bin/python3", "main.py").build();
     * }</pre>
     *
     * @return a new builder; changing it does not change this sandbox
     */
    public SandboxBuilder toBuilder() {
        return new SandboxBuilder(settings);
    }

    /**
     * What this host supports: kernel, namespaces, cgroups, seccomp, where the shim runs from.
     *
     * @return the report
     */
    public static ProbeReport probe() {
        NativeAccess.require();
        return ProbeReport.collect(SandboxRuntime.system());
    }

    /**
     * Starts the program; returns once it runs, or throws what stopped it, leaving nothing behind.
     *
     * @return the running sandbox
     * @throws IOException when the sandbox could not be started ({@link SandboxStartException} names the step, errno and path)
     */
    public SandboxProcess start() throws IOException {
        return StartTracking.opened(this, new SandboxStarter(settings.runtime).start(spec));
    }

    /**
     * Prepared sandboxes of this definition for many short runs; see {@link SandboxPool}.
     *
     * <pre>{@code
     * try (SandboxPool pool = box.pool(2)) {
     *     pool.start("/bin/true").result().join();
     * }
     * }</pre>
     *
     * @param size how many prepared sandboxes may wait, 1 to 1024
     * @return a new pool; close it
     */
    public SandboxPool pool(int size) {
        return SandboxPool.of(this, size);
    }

    dev.sandbox4j.internal.launch.SandboxRuntime runtime() {
        return settings.runtime;
    }

    LaunchSpec spec() {
        return spec;
    }

    /**
     * What this sandbox gets, one fact per line, for people and logs: namespaces (new
     * and shared), ids inside and on the host, the root and every mount, cgroup limits,
     * timeout, seccomp profile, capabilities and rlimits.
     *
     * <pre>{@code
     * System.err.println(String.join("\n", box.describe()));
     * }</pre>
     *
     * @return the lines, in a fixed order
     */
    public List<String> describe() {
        return SpecDescription.describe(spec, settings.seccompDescription());
    }

    /**
     * This library's version, e.g. {@code 0.1.0}.
     *
     * @return the version of the sandbox-core jar, or {@code "unknown"} when built without Maven
     */
    public static String version() {
        try (java.io.InputStream in = Sandbox.class.getResourceAsStream("sandbox4j.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The command this sandbox runs.
     *
     * @return the program and its arguments
     */
    public List<String> command() {
        return spec.command();
    }

    /**
     * The network this sandbox gets.
     *
     * @return {@link Network#none()} unless set otherwise
     */
    public Network network() {
        return spec.network();
    }

    @Override
    public String toString() {
        return "Sandbox" + spec.command() + " namespaces=" + spec.namespaces();
    }
}
