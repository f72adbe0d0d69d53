package dev.sandbox4j.junit;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs tests that start sandboxes: injects a {@link SandboxBuilder} preset from {@link SandboxConfig} (class, then
 * method) or a built {@link Sandbox}, a {@link Workspace @Workspace} directory and a {@link TempRootfs @TempRootfs};
 * closes every sandbox the test started when it ends, and <b>fails the test</b> naming the command of each one that
 * was still running. Before each test it asks whether the host can run the sandbox asked for (user namespaces, a
 * cgroup for a memory limit); if not, the test is aborted with {@link Sandbox#probe()}'s report, or fails with it
 * under {@link SandboxTest#requireSandbox()} or configuration parameter {@value #REQUIRE_SANDBOX}{@code =true}.
 *
 * <p>A complete test:
 * <pre>{@code
 * import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
 *
 * @SandboxTest
 * @SandboxConfig(memory = "64M", timeout = "5s")
 * class WordCountTest {
 *     @Test
 *     void countsWords(SandboxBuilder sandbox, @Workspace Path work) throws Exception {
 *         Files.writeString(work.resolve("in.txt"), "one two three\n");
 *         SandboxProcess p = sandbox.command("/bin/sh", "-c", "wc -w < /tmp/workspace/in.txt").start();
 *         assertThat(p).exitedWith(0).stdout().isEqualToIgnoringWhitespace("3");
 *     }
 *
 *     @Test
 *     @SandboxConfig(command = {"/bin/sleep", "60"}, timeout = "200ms")
 *     void isStoppedByItsTimeout(Sandbox box) throws Exception {
 *         assertThat(box.start()).timedOut();
 *     }
 * }
 * }</pre>
 *
 * <p>What counts as started by a test: anything started from a builder or sandbox it injected (from any thread),
 * and anything the test's own thread started. Tests may run in parallel
 * ({@code junit.jupiter.execution.parallel.enabled=true}); they share the JVM's one shim server.
 */
public final class SandboxExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** Configuration parameter: {@code true} fails tests that the host cannot run, as {@code requireSandbox} does. */
    public static final String REQUIRE_SANDBOX = "sandbox4j.junit.requireSandbox";
    /** Configuration parameter: the {@link HostProbe} class to ask instead of the real host. */
    public static final String HOST_PROBE = "sandbox4j.junit.hostProbe";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SandboxExtension.class);

    private final Tracker tracker = Tracker.installed();

    /**
     * Made by JUnit for {@code @ExtendWith(SandboxExtension.class)} or {@link SandboxTest @SandboxTest}; a test
     * has no need to make one (as a {@code @RegisterExtension} field it works the same).
     */
    public SandboxExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        enter(context);
    }

    /** Each test is checked, and aborted or failed, on its own: a method's configuration may ask for more. */
    @Override
    public void beforeEach(ExtensionContext context) {
        SandboxScope scope = enter(context);
        Optional<String> missing = check(context).missing(scope.settings());
        if (missing.isPresent()) {
            if (required(context)) {
                throw new IllegalStateException(missing.get());
            }
            throw new TestAbortedException(missing.get());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        leave(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        leave(context);
    }

    private SandboxScope enter(ExtensionContext context) {
        SandboxScope scope = scope(context);
        context.getStore(NS).put(key(context, "previous"), Optional.ofNullable(tracker.enter(scope)));
        return scope;
    }

    private void leave(ExtensionContext context) {
        Optional<?> previous = context.getStore(NS).remove(key(context, "previous"), Optional.class);
        tracker.leave(previous == null ? null : (SandboxScope) previous.orElse(null));
        SandboxScope scope = context.getStore(NS).remove(key(context, "scope"), SandboxScope.class);
        List<String> running = scope == null ? List.of() : scope.end();
        if (!running.isEmpty()) {
            throw new AssertionFailedError(running.size() + (running.size() == 1 ? " sandbox was" : " sandboxes were")
                    + " still running when " + scope + " ended (now closed): " + String.join(", ", running)
                    + "; wait for result() or close() each sandbox the test starts");
        }
    }

    private static SandboxScope scope(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent(key(context, "scope"),
                k -> new SandboxScope(context.getDisplayName(),
                        Settings.of(context.getRequiredTestClass(), context.getTestMethod())),
                SandboxScope.class);
    }

    /** Stores look through to their parents' values: the keys keep a test's scope apart from its class's. */
    private static String key(ExtensionContext context, String what) {
        return what + ":" + context.getUniqueId();
    }

    private static HostCheck check(ExtensionContext context) {
        HostProbe probe = context.getConfigurationParameter(HOST_PROBE)
                .map(name -> (HostProbe) ReflectionSupport.newInstance(ReflectionSupport.tryToLoadClass(name)
                        .getOrThrow(e -> new IllegalArgumentException(HOST_PROBE + " " + name + ": no such class", e))))
                .orElse(HostProbe.system());
        String key = "probe:" + probe.getClass().getName();
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(key, k -> new HostCheck(probe), HostCheck.class);
    }

    private static boolean required(ExtensionContext context) {
        if (context.getConfigurationParameter(REQUIRE_SANDBOX, Boolean::parseBoolean).orElse(false)) {
            return true;
        }
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, SandboxTest.class))
                    .filter(SandboxTest::requireSandbox).isPresent()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext context) {
        Class<?> type = pc.getParameter().getType();
        return type == SandboxBuilder.class || type == Sandbox.class
                || (type == Path.class && (pc.isAnnotated(Workspace.class) || pc.isAnnotated(TempRootfs.class)));
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext context) {
        SandboxScope scope = scope(context);
        Parameter p = pc.getParameter();
        try {
            if (p.getType() == Path.class) {
                if (pc.isAnnotated(Workspace.class)) {
                    return scope.workspace();
                }
                TempRootfs spec = scope.settings().rootfs().orElseGet(() -> p.getAnnotation(TempRootfs.class));
                return scope.rootfs(spec).path();
            }
            SandboxBuilder b = Preset.builder(scope.settings(), scope);
            tracker.own(b, scope);
            if (p.getType() == SandboxBuilder.class) {
                return b;
            }
            if (scope.settings().command().isEmpty()) {
                throw new ParameterResolutionException("a Sandbox parameter needs a command: set "
                        + "@SandboxConfig(command = ...) on the test or its class, or take a SandboxBuilder");
            }
            return b.build();
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot make " + p + ": " + e.getMessage(), e);
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new ParameterResolutionException("cannot make " + p + " from " + scope.settings() + ": "
                    + e.getMessage(), e);
        }
    }
}
