package dev.sandbox4j.junit;

import dev.sandbox4j.Namespace;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Presets for the {@code SandboxBuilder} (and {@code Sandbox}) that {@link SandboxExtension} injects. On the
 * class, it applies to every test; on a method, each attribute it sets overrides the class's. An attribute left
 * at its default sets nothing, so the library's defaults apply; a preset setting cannot be made again on the
 * injected builder (each builder setting is made once).
 *
 * <pre>{@code
 * @SandboxTest
 * @SandboxConfig(memory = "64M", timeout = "5s", readOnlyBinds = "target/classes:/app")
 * class CompilerTest {
 *     @Test
 *     @SandboxConfig(command = {"/bin/sh", "-c", "ls /app"}, timeout = "1s")
 *     void listsTheApp(Sandbox box) throws Exception { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SandboxConfig {
    /**
     * The program and its arguments, as {@code SandboxBuilder.command(...)} takes them: {@code {"/bin/sh", "-c",
     * "ls /"}}. Needed to inject a built {@code Sandbox}; a {@code SandboxBuilder} parameter may leave it unset
     * and have the test set it.
     *
     * @return the command; empty (the default) sets none
     */
    String[] command() default {};

    /**
     * A memory limit ({@code "64M"}, {@code "64MiB"}, {@code "1.5G"}): the sandbox gets a cgroup of its own, and
     * a test on a host without a writable cgroup is aborted (or failed under
     * {@link SandboxTest#requireSandbox()}) with the reason.
     *
     * @return the limit; empty (the default) sets none
     */
    String memory() default "";

    /**
     * A wall-clock timeout, after which the sandbox is killed and ends {@code TIMED_OUT}: {@code "500ms"},
     * {@code "5s"}, {@code "2m"}, {@code "1h"} or ISO-8601 ({@code "PT5S"}).
     *
     * @return the timeout; empty (the default) sets none
     */
    String timeout() default "";

    /**
     * {@link Network#HOST} shares the host's network namespace;
     * {@link Network#NONE} keeps the default: only {@code lo}.
     *
     * @return the network; {@link Network#UNSET} (the default) leaves it to the class's annotation or the library
     */
    Network network() default Network.UNSET;

    /**
     * Namespaces to share with the host instead of creating new ones ({@code share = Namespace.NET}); a test is
     * checked against the host only for the namespaces it still creates.
     *
     * @return the namespaces to share; empty (the default) creates every one
     */
    Namespace[] share() default {};

    /**
     * Read-only binds: {@code "HOST"} (the same path inside) or {@code "HOST:INSIDE"}; a relative host path is
     * resolved against the working directory (the module's directory under Maven), e.g.
     * {@code "target/classes:/app"}.
     *
     * @return the binds; empty (the default) binds nothing
     */
    String[] readOnlyBinds() default {};

    /**
     * Tmpfs mounts: {@code "/scratch"} (16 MiB) or {@code "/scratch:64M"}.
     *
     * @return the mount points, each with an optional size; empty (the default) mounts none
     */
    String[] tmpfs() default {};

    /**
     * Where a fresh, writable host directory is bound inside ({@code "/tmp/workspace"} when only a
     * {@link Workspace @Workspace} parameter asks for one); the test gets it as a {@link Workspace @Workspace Path}.
     *
     * @return the path inside; empty (the default) binds one only for a {@code @Workspace} parameter
     */
    String workspace() default "";

    /** Network settings for {@link #network()}. */
    enum Network {
        /** Not set here: an enclosing configuration, or the default ({@link #NONE}), applies. */
        UNSET,
        /** A network namespace of its own with only {@code lo}: the default. */
        NONE,
        /** The host's network namespace. */
        HOST
    }
}
