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
    /** The command; needed to inject a built {@code Sandbox}. */
    String[] command() default {};

    /** A memory limit ({@code "64M"}, {@code "1G"}): the sandbox gets a cgroup of its own. */
    String memory() default "";

    /** A wall-clock timeout: {@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"} or ISO-8601 ({@code "PT5S"}). */
    String timeout() default "";

    /**
     * {@link Network#HOST} shares the host's network namespace;
     * {@link Network#NONE} keeps the default: only {@code lo}.
     */
    Network network() default Network.UNSET;

    /** Namespaces to share with the host instead of creating new ones. */
    Namespace[] share() default {};

    /**
     * Read-only binds: {@code "HOST"} (the same path inside) or {@code "HOST:INSIDE"}; a relative host path is
     * resolved against the working directory (the module's directory under Maven).
     */
    String[] readOnlyBinds() default {};

    /** Tmpfs mounts: {@code "/scratch"} (16 MiB) or {@code "/scratch:64M"}. */
    String[] tmpfs() default {};

    /**
     * Where a fresh, writable host directory is bound inside ({@code "/tmp/workspace"} when only a
     * {@link Workspace @Workspace} parameter asks for one); the test gets it as a {@link Workspace @Workspace Path}.
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
