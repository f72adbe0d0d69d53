package dev.sandbox4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A temporary root filesystem for the injected builder, made per test and deleted after it. On a class or a
 * method it presets the builder's root; on a {@code Path} parameter it also hands the test the root directory
 * (to add files before starting) or, for {@link #tar()}, the archive's copy.
 *
 * <ul>
 *   <li>{@link #binaries()}: a minimal tree of host programs and the shared libraries they load (as {@code ldd}
 *       lists them), each at its host path, plus empty {@code /proc}, {@code /dev} and {@code /tmp};
 *   <li>{@link #directory()}: a copy of a directory (a class path resource or a path), to which the binaries
 *       are added;
 *   <li>{@link #tar()}: a tar archive (a class path resource or a path) that the sandbox unpacks as its root.
 * </ul>
 *
 * <pre>{@code
 * @Test
 * @TempRootfs(binaries = {"/bin/sh", "/bin/ls"})
 * void seesOnlyItsRoot(SandboxBuilder sandbox) throws Exception {
 *     SandboxProcess p = sandbox.command("/bin/ls", "/").start();
 *     assertThat(p).exitedWith(0).stdout().doesNotContain("home");
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface TempRootfs {
    /**
     * Host programs to copy in with their libraries, each at its host path: {@code {"/bin/sh", "ls"}}.
     *
     * @return the programs, absolute or looked up in the host's {@code PATH}; empty (the default) copies none
     */
    String[] binaries() default {};

    /**
     * A directory to copy as the root ({@code "rootfs"} for {@code src/test/resources/rootfs}).
     *
     * @return a class path resource, else a path (relative: to the working directory); empty (the default) for
     *         none
     */
    String directory() default "";

    /**
     * A tar archive to unpack as the root; not with {@link #binaries()} or {@link #directory()}. It is unpacked as
     * {@code SandboxBuilder.rootfsFromTar} does, which needs the optional dependency
     * {@code org.apache.commons:commons-compress} on the test class path.
     *
     * @return a class path resource, else a path; empty (the default) for none
     */
    String tar() default "";
}
