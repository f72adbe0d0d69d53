package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real sandboxes through the {@code sandbox-run} entry point, in process. */
class SandboxRunIT {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SandboxRun.execute(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitCodeOfTheProgramIsMirrored() {
        assertThat(run("--", "/bin/sh", "-c", "exit 3")).isEqualTo(3);
        assertThat(err()).isEmpty();
    }

    @Test
    void timeoutGives137AndTimedOutInTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        assertThat(run("--timeout", "200ms", "--result-json", json.toString(), "--", "sleep", "10")).isEqualTo(137);
        String text = Files.readString(json);
        assertThat(text).startsWith("{\"status\":\"TIMED_OUT\",\"exitCode\":null,\"signal\":9,")
                .contains("\"wallMillis\":", "\"cpuUserMillis\":", "\"cpuSystemMillis\":", "\"maxRssKb\":")
                .endsWith("}\n");
    }

    @Test
    void exitedResultIsWritten(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        assertThat(run("--result-json", json.toString(), "--", "/bin/true")).isZero();
        assertThat(Files.readString(json)).startsWith("{\"status\":\"EXITED\",\"exitCode\":0,\"signal\":null,");
    }

    @Test
    void signalGives128PlusIt() {
        assertThat(run("--", "/bin/sh", "-c", "kill -TERM $$")).isEqualTo(143);
    }

    @Test
    void badOptionGives125() {
        assertThat(run("--no-such-option", "--", "/bin/true")).isEqualTo(125);
        assertThat(err()).startsWith("sandbox-run: ").contains("--no-such-option");
    }

    @Test
    void setupFailureGives125WithTheStep() {
        assertThat(run("--", "/no/such/program")).isEqualTo(125);
        assertThat(err()).startsWith("sandbox-run: ").contains("/no/such/program");
    }

    @Test
    void invalidBuilderSettingGives125() {
        assertThat(run("--hostname", "a/b", "--", "/bin/true")).isEqualTo(125);
        assertThat(err()).startsWith("sandbox-run: hostname 'a/b'");
    }
}
