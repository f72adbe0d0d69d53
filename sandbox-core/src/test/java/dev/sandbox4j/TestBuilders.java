package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.spec.SpecRequest;

/** Reaches the builder's package-private seams from tests in other packages. */
public final class TestBuilders {
    private TestBuilders() {}

    /** A builder whose build() and start() use {@code runtime} instead of the system's. */
    public static SandboxBuilder with(SandboxRuntime runtime) {
        return new SandboxBuilder(runtime);
    }

    /** What {@code b.build()} hands the resolver for a caller with these ids. */
    public static SpecRequest request(SandboxBuilder b, int euid, int egid) {
        return b.request(euid, egid);
    }
}
