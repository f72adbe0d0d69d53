package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consumer project's view of the library on the module path (javac and java
 * run as a separate project would run them): it compiles
 * against {@code dev.sandbox4j.core} and sees only {@code dev.sandbox4j}, not
 * the plumbing of the fs and cgroups modules; it runs a sandbox with
 * {@code --enable-native-access=dev.sandbox4j.core}; and without Commons
 * Compress on its module path a tar root is refused naming the artifact.
 */
class ConsumerModuleIT {
    private static final Path WORK = Path.of("target", "consumer-it");
    private static String modulePath;

    @BeforeAll
    static void findTheLibrarysModules() throws IOException {
        List<String> mine = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            boolean classes = Files.exists(p.resolve("module-info.class"));
            boolean jar = p.getFileName().toString().matches("sandbox-(core|fs|cgroups)-.*\\.jar");
            if ((classes && !e.contains("test-classes")) || jar) {
                mine.add(e);
            }
        }
        assertThat(mine).as("the library's three modules on this test's class path").hasSize(3);
        modulePath = String.join(File.pathSeparator, mine);
        deleteTree(WORK);
        Files.createDirectories(WORK);
    }

    private static String compile(String module, Map<String, String> sources) throws IOException, InterruptedException {
        Path src = WORK.resolve(module + "-src"), out = WORK.resolve(module);
        List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString(), "-Xlint:all"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            args.add(f.toString());
        }
        args.addFirst(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
        Process javac = new ProcessBuilder(args).redirectErrorStream(true).start();
        String diagnostics = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return javac.exitValue() + "\n" + diagnostics;
    }

    @Test
    void theLibraryExportsOnlyItsApiPackageToOtherModules() {
        Map<String, List<String>> visible = new TreeMap<>();
        for (ModuleReference ref : ModuleFinder.of(Arrays.stream(modulePath.split(File.pathSeparator))
                .map(Path::of).toArray(Path[]::new)).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            visible.put(d.name(), d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).sorted().toList());
            d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                    .forEach(e -> assertThat(e.targets()).as(e.source())
                            .isSubsetOf("dev.sandbox4j.core", "dev.sandbox4j.junit"));
            // core re-exports cgroups for its one public package, dev.sandbox4j.units (MemorySize)
            assertThat(d.requires().stream().filter(r -> r.modifiers().contains(
                    ModuleDescriptor.Requires.Modifier.TRANSITIVE)).map(ModuleDescriptor.Requires::name))
                    .as("modules re-exported to users of " + d.name())
                    .isSubsetOf(d.name().equals("dev.sandbox4j.core") ? List.of("dev.sandbox4j.cgroups") : List.of());
        }
        assertThat(visible).containsExactly(Map.entry("dev.sandbox4j.cgroups", List.of("dev.sandbox4j.units")),
                Map.entry("dev.sandbox4j.core", List.of("dev.sandbox4j")), Map.entry("dev.sandbox4j.fs", List.of()));
    }

    @Test
    void aConsumerModuleCompilesRunsASandboxAndGetsTheArchiveMessage() throws Exception {
        String main = """
                package consumer;

                import dev.sandbox4j.FileChange;
                import dev.sandbox4j.Sandbox;
                import dev.sandbox4j.SandboxProcess;
                import dev.sandbox4j.SandboxResult;
                import dev.sandbox4j.units.MemorySize;
                import java.nio.file.Path;
                import java.util.List;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        Sandbox typed = Sandbox.builder().memory(MemorySize.ofMebibytes(64)).command("/bin/true").build();
                        try (SandboxProcess p = Sandbox.builder().command("/bin/echo", "hi").start()) {
                            String out = new String(p.getInputStream().readAllBytes()).strip();
                            SandboxResult r = p.result().join();
                            List<FileChange> changes = r.changes();
                            System.out.println(r.status() + " " + r.exitCode().getAsInt() + " " + out + " "
                                    + changes.size());
                        }
                        try {
                            Sandbox.builder().rootfsFromTar(Path.of("/srv/image.tar"));
                        } catch (IllegalStateException e) {
                            System.out.println(e.getMessage());
                        }
                    }
                }
                """;
        String result = compile("consumer", Map.of("module-info.java", "module consumer { requires dev.sandbox4j.core; }",
                "consumer/Main.java", main));
        assertThat(result).as("compiles without a warning").isEqualTo("0\n");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--illegal-native-access=deny", "--enable-native-access=dev.sandbox4j.core",
                "--module-path", modulePath + File.pathSeparator + WORK.resolve("consumer"), "-m", "consumer/consumer.Main")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).startsWith("EXITED 0 hi 0\n")
                .contains("rootfsFromTar /srv/image.tar needs tar support")
                .contains("org.apache.commons:commons-compress");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void theFsAndCgroupsPlumbingIsNotVisibleToAConsumer() throws Exception {
        String peek = """
                package peek;

                public class Peek {
                    Object a = dev.sandbox4j.cgroups.CgroupHost.class;
                    Object b = dev.sandbox4j.fs.PreparedMounts.class;
                    Object c = dev.sandbox4j.internal.spec.LaunchSpec.class;
                }
                """;
        String result = compile("peek", Map.of("module-info.java", "module peek { requires dev.sandbox4j.core; }",
                "peek/Peek.java", peek));
        assertThat(result).startsWith("1\n")
                .contains("package dev.sandbox4j.cgroups is not visible")
                .contains("package dev.sandbox4j.fs is not visible")
                .contains("package dev.sandbox4j.internal.spec is not visible");
    }

    /**
     * A plumbing type of fs or cgroups in a public signature of core would be unusable on the module path; the
     * typed values of {@code dev.sandbox4j.units} (exported to everyone, read through core's requires transitive)
     * are public API.
     */
    @Test
    void thePublicApiNamesOnlyItsOwnAndTheJdksTypes() throws Exception {
        java.util.Set<String> leaks = new java.util.TreeSet<>();
        Path classes = Path.of("target", "classes", "dev", "sandbox4j");
        try (var files = Files.list(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                Class<?> c = Class.forName("dev.sandbox4j." + f.getFileName().toString().replace(".class", ""));
                if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                List<java.lang.reflect.Type> types = new ArrayList<>();
                for (var m : c.getMethods()) {
                    types.add(m.getGenericReturnType());
                    types.addAll(List.of(m.getGenericParameterTypes()));
                    types.addAll(List.of(m.getGenericExceptionTypes()));
                }
                for (var k : c.getConstructors()) {
                    types.addAll(List.of(k.getGenericParameterTypes()));
                }
                for (var fl : c.getFields()) {
                    types.add(fl.getGenericType());
                }
                for (var t : types) {
                    for (String name : t.getTypeName().split("[<>,\\[\\] ]+")) {
                        if (name.startsWith("dev.sandbox4j.")
                                && !name.matches("dev\\.sandbox4j\\.(units\\.)?[A-Z][\\w$.]*")) {
                            leaks.add(c.getSimpleName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertThat(leaks).as("plumbing types in core's public API").isEmpty();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }
}
