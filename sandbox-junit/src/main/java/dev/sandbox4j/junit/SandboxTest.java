package dev.sandbox4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @ExtendWith(SandboxExtension.class)}, and whether a host that cannot sandbox fails the tests
 * ({@code requireSandbox = true}) instead of aborting them. Put it on a test class (or a method).
 *
 * <pre>{@code
 * @SandboxTest(requireSandbox = true)
 * @SandboxConfig(memory = "64M", timeout = "5s")
 * class GreeterTest {
 *     @Test
 *     void greets(SandboxBuilder sandbox) throws Exception {
 *         SandboxProcess p = sandbox.command("/bin/echo", "hello").start();
 *         assertThat(p).exitedWith(0).stdout().isEqualTo("hello\n");
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SandboxExtension.class)
public @interface SandboxTest {
    /**
     * True: a host that cannot run the sandbox a test asks for (no user namespaces, no cgroup for its limits)
     * fails the test. False (the default): the test is aborted, unless configuration parameter
     * {@value SandboxExtension#REQUIRE_SANDBOX} is {@code true}. Set it in CI, where a skipped sandbox test
     * would hide a broken host.
     *
     * @return whether a host that cannot sandbox fails the tests instead of aborting them
     */
    boolean requireSandbox() default false;
}
