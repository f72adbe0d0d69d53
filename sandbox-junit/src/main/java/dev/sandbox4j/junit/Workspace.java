package dev.sandbox4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Path} parameter as the test's workspace: a fresh host directory, bound read-write into the
 * sandbox at {@link SandboxConfig#workspace()} (default {@code /tmp/workspace}), deleted after the test.
 * Its mode is {@code 0777} so that the sandbox's root, whatever host id it maps to, can write in it.
 *
 * <pre>{@code
 * @Test
 * void writesItsReport(SandboxBuilder sandbox, @Workspace Path work) throws Exception {
 *     Files.writeString(work.resolve("in.txt"), "3 4\n");
 *     SandboxProcess p = sandbox.command("/bin/sh", "-c",
 *             "wc -w < /tmp/workspace/in.txt > /tmp/workspace/out.txt").start();
 *     assertThat(p).exitedWith(0);
 *     assertThat(work.resolve("out.txt")).hasContent("2");
 * }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Workspace {}
