package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.SpecRequest;
import dev.sandbox4j.internal.spec.SpecResolver;
import dev.sandbox4j.internal.track.StartTracking;
import java.io.IOException;

/**
 * Composes a sandbox. Every namespace is new unless {@link #share shared};
 * each setting can be made once ("hostname was already set to box"), and
 * {@link #build()} checks everything before anything is spawned.
 *
 * <p>Defaults a caller can relax: a minimal root of the host's {@code /usr},
 * {@code /etc} and {@code /bin}, {@code /lib*} read-only (nothing else of the
 * host; see {@link dev.sandbox4j.fs.RootSource.MinimalHost}) with a private
 * {@code /proc}, a minimal {@code /dev}, a 64 MiB {@code /tmp}, an empty
 * {@code /run} and the sandbox's own read-only {@code /sys}, runc's
 * masked paths, the default seccomp profile, no capabilities,
 * {@code no_new_privs}, core dumps off, only fds 0-2 open. Limits
 * ({@link #memory(String)}, {@link #pids(int)}, ...) put the sandbox in a
 * cgroup of its own.
 *
 * <p>The setters are grouped by concern in the package's settings classes (the program, identity,
 * root, mounts, cgroup, budgets, hardening); each only checks its argument and records it.
 * {@code build()} hands them to the spec resolver, which decides what follows from them together.
 *
 * <pre>{@code
 * Sandbox box = Sandbox.builder()
 *         .share(Namespace.NET)
 *         .hostname("judge")
 *         .timeout(Duration.ofSeconds(2))
 *         .command("/usr/bin/python3", "solution.py")
 *         .build();
 * }</pre>
 */
public final class SandboxBuilder extends HardeningSettings<SandboxBuilder> {
    static final String DEFAULT_PATH = SpecResolver.DEFAULT_PATH;

    SandboxBuilder(SandboxRuntime runtime) {
        super(runtime);
    }

    /** A copy of {@code base} whose settings can each be overridden once (see {@link Sandbox#toBuilder()}). */
    SandboxBuilder(SandboxBuilder base) {
        super(base);
    }

    /**
     * Validates everything and returns a reusable, immutable sandbox definition.
     *
     * @return the sandbox definition, startable any number of times
     */
    public Sandbox build() {
        return build(runtime.sys().geteuid(), runtime.sys().getegid());
    }

    /** {@link #build()} for a caller with these effective ids (a seam for tests). */
    Sandbox build(int euid, int egid) {
        LaunchSpec spec = new SpecResolver(runtime).resolve(request(euid, egid));
        return StartTracking.derived(this, new Sandbox(spec, new SandboxBuilder(this)));
    }

    /** The settings as they are, for the resolver. */
    SpecRequest request(int euid, int egid) {
        return new SpecRequest(euid, egid, process(), identity(), filesystem(), cgroup(), budgets(), hardening());
    }

    /**
     * {@code build().start()}.
     *
     * @return the running sandbox
     * @throws IOException when the sandbox could not be started ({@link SandboxStartException} names the step, errno and path)
     */
    public SandboxProcess start() throws IOException {
        return build().start();
    }

    LaunchSpec specForTest(int euid) {
        return build(euid, euid).spec();
    }
}
