package dev.sandbox4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test author on the module path can use every type this module's public signatures name: those of
 * {@code dev.sandbox4j}, {@code dev.sandbox4j.units}, this package, JUnit, AssertJ and the JDK, never the plumbing
 * ({@code dev.sandbox4j.cgroups}, {@code dev.sandbox4j.fs}, {@code dev.sandbox4j.internal}), which is not exported
 * to them.
 */
class PublicApiTest {
    private static final String ALLOWED = "(java\\..*|org\\.junit\\..*|org\\.opentest4j\\..*|org\\.assertj\\..*"
            + "|dev\\.sandbox4j\\.(units\\.|junit\\.)?[A-Z][\\w$.]*|[\\w$]+)"; // [\w$]+: primitives, type variables

    @Test
    void publicSignaturesNameOnlyTypesATestAuthorCanRead() throws Exception {
        Set<String> leaks = new TreeSet<>();
        int publicTypes = 0;
        try (Stream<Path> files = Files.list(Path.of("target", "classes", "dev", "sandbox4j", "junit"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                Class<?> c = Class.forName("dev.sandbox4j.junit." + f.getFileName().toString().replace(".class", ""));
                if (!Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                publicTypes++;
                for (Type t : signatureTypes(c)) {
                    for (String name : t.getTypeName().split("[<>,\\[\\] ?&]+")) {
                        if (!name.isEmpty() && !name.equals("extends") && !name.equals("super")
                                && !name.matches(ALLOWED)) {
                            leaks.add(c.getSimpleName() + ": " + name);
                        }
                    }
                }
            }
        }
        // SandboxExtension, SandboxAssertions, SandboxResultAssert, HostProbe, four annotations, SandboxConfig.Network
        assertThat(publicTypes).as("public types found").isGreaterThanOrEqualTo(9);
        assertThat(leaks).as("types a test author's module cannot read").isEmpty();
    }

    /** Every type a user of {@code c} meets: its supertypes and its public members' (inherited ones too). */
    private static List<Type> signatureTypes(Class<?> c) {
        Stream<Type> supertypes = Stream.concat(Stream.ofNullable(c.getGenericSuperclass()),
                Stream.of(c.getGenericInterfaces()));
        Stream<Type> methods = Stream.of(c.getMethods()).flatMap(m -> Stream.of(Stream.of(m.getGenericReturnType()),
                Stream.of(m.getGenericParameterTypes()), Stream.of(m.getGenericExceptionTypes())).flatMap(s -> s));
        Stream<Type> constructors = Stream.of(c.getConstructors())
                .flatMap(k -> Stream.of(k.getGenericParameterTypes()));
        Stream<Type> fields = Stream.of(c.getFields()).map(f -> f.getGenericType());
        return Stream.of(supertypes, methods, constructors, fields).flatMap(s -> s).toList();
    }
}
