package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM that denies native access gets one message naming the flag, not ExceptionInInitializerError. */
class NativeAccessTest {

    /** What a user's program does first. */
    public static final class FirstUse {
        public static void main(String[] args) throws Exception {
            try {
                Sandbox.builder().command("/bin/true").build();
                System.out.println("built");
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    private static String run(String... jvmFlags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstUse.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void deniedNativeAccessNamesTheFlagToAdd() throws Exception {
        String out = run("--illegal-native-access=deny");
        assertThat(out).contains("refused: sandbox4j needs native access")
                .contains("--enable-native-access=ALL-UNNAMED")
                .doesNotContain("ExceptionInInitializerError");
    }

    @Test
    void withTheFlagItWorksWithoutAWarning() throws Exception {
        String out = run("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED");
        assertThat(out).contains("built").doesNotContain("WARNING");
    }
}
