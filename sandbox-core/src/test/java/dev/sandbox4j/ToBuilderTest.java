package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.internal.spec.LaunchSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Sandbox#toBuilder()}: a base definition plus a variant, without copying settings by hand. */
class ToBuilderTest {
    private static final int ROOT = 0;

    private static SandboxBuilder base() {
        return Sandbox.builder()
                .share(Namespace.NET)
                .hostname("judge")
                .env("LANG", "C.UTF-8")
                .timeout(Duration.ofSeconds(5))
                .memory("256M")
                .pids(32)
                .tmpfs("/work", "16M")
                .rlimit(ResourceLimit.NOFILE, 64, 64)
                .command("/bin/true");
    }

    @Test
    void aCopiedBuilderBuildsTheSameSandbox() {
        LaunchSpec original = base().build(ROOT, ROOT).spec();
        LaunchSpec copy = base().build(ROOT, ROOT).toBuilder().build(ROOT, ROOT).spec();
        assertThat(copy.command()).isEqualTo(original.command());
        assertThat(copy.namespaces()).isEqualTo(original.namespaces()).doesNotContain(Namespace.NET);
        assertThat(copy.hostname()).isEqualTo("judge");
        assertThat(copy.environment()).isEqualTo(original.environment());
        assertThat(copy.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.cgroup()).isEqualTo(original.cgroup());
        assertThat(copy.mounts().steps()).isEqualTo(original.mounts().steps());
        assertThat(copy.hardening().rlimits().get(ResourceLimit.NOFILE)).containsExactly(64, 64);
    }

    @Test
    void aCopiedBuilderOverridesCopiedValuesOnceAndAddsToTheRest() {
        Sandbox base = base().build(ROOT, ROOT);
        LaunchSpec variant = base.toBuilder()
                .command("/bin/sh", "-c", "exit 0")
                .memory("512M")
                .timeout(Duration.ofSeconds(9))
                .env("LANG", "en_US.UTF-8")
                .env("PYTHONPATH", "/work")
                .rlimit(ResourceLimit.NOFILE, 128, 128)
                .bindReadOnly(Path.of("/etc"), "/work/etc")
                .build(ROOT, ROOT).spec();
        assertThat(variant.command()).containsExactly("/bin/sh", "-c", "exit 0");
        assertThat(variant.cgroup().limits().memory()).contains(MemorySize.parse("512M"));
        assertThat(variant.cgroup().limits().pids()).hasValue(32);
        assertThat(variant.timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(variant.environment()).containsEntry("LANG", "en_US.UTF-8").containsEntry("PYTHONPATH", "/work");
        assertThat(variant.hardening().rlimits().get(ResourceLimit.NOFILE)).containsExactly(128, 128);
        assertThat(variant.mounts().steps().toString()).contains("/work/etc").contains("/work");
        LaunchSpec unchanged = base.spec();
        assertThat(unchanged.command()).containsExactly("/bin/true");
        assertThat(unchanged.cgroup().limits().memory()).contains(MemorySize.parse("256M"));
        assertThat(base.toBuilder().build(ROOT, ROOT).spec().mounts().steps().toString())
                .as("the variant's bind did not leak into the base").doesNotContain("/work/etc");
    }

    @Test
    void anOverrideIsASettingOfItsOwnAndStillFailsFastWhenMadeTwice() {
        SandboxBuilder b = base().build(ROOT, ROOT).toBuilder().hostname("other");
        assertThatThrownBy(() -> b.hostname("third")).hasMessage("hostname was already set to other");
        SandboxBuilder m = base().build(ROOT, ROOT).toBuilder().memory("1G");
        assertThatThrownBy(() -> m.memory("2G")).hasMessageContaining("memory was already set to");
        assertThatThrownBy(() -> base().build(ROOT, ROOT).toBuilder().env("X", "1").env("X", "2"))
                .hasMessage("environment variable X was already set to 1");
    }

    @Test
    void contradictionsAreStillRefusedByBuild() {
        SandboxBuilder b = Sandbox.builder().command("/bin/true").build(ROOT, ROOT).toBuilder().share(Namespace.UTS);
        assertThatThrownBy(() -> b.hostname("x").build(ROOT, ROOT)).hasMessageContaining("UTS is shared");
    }

    /** Guards the copy: a field added to the builder without being copied fails here. */
    @Test
    void everyFieldOfTheBuilderIsCopied() throws Exception {
        SandboxBuilder full = base().uid(1).gid(2).workDir("/").redirectErrorStream(true)
                .killGracePeriod(Duration.ofSeconds(1)).cpuTimeLimit(Duration.ofSeconds(3))
                .capabilities(Set.of(Capability.CAP_CHOWN)).noNewPrivs(true).seccomp(null).accounting()
                .cgroupParent(Path.of("/sandbox4j/x")).cpus(0.5).cpuWeight(50).memorySwap("1M")
                .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).passFd(1000).terminalSize(100, 30);
        SandboxBuilder copy = new SandboxBuilder(full);
        assertSameState(full, copy, "SandboxBuilder");
    }

    private static void assertSameState(Object a, Object b, String path) throws IllegalAccessException {
        for (Class<?> c = a.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("inherited")) {
                    continue;
                }
                f.setAccessible(true);
                Object x = f.get(a), y = f.get(b);
                String where = path + "." + f.getName();
                if (x != null && x.getClass().getName().endsWith("$Builder")) {
                    assertSameState(x, y, where);
                } else if (x instanceof Map<?, ?> m && !m.isEmpty() && m.values().iterator().next() instanceof long[]) {
                    assertThat(((Map<?, ?>) y).keySet()).as(where).isEqualTo(m.keySet());
                    m.forEach((k, v) -> assertThat((long[]) ((Map<?, ?>) y).get(k)).as(where).isEqualTo(v));
                } else {
                    assertThat(Objects.deepEquals(x, y)).as(where + " copied (" + x + " vs " + y + ")").isTrue();
                }
            }
        }
    }
}
