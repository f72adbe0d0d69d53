package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        // the host ids of its user namespace: as root a range of its own, rootless the caller's uid
        assertThat(Files.readString(json)).containsPattern("\"hostUid\":\\d+,\"hostGid\":\\d+,\"hostIdCount\":"
                + ("root".equals(System.getProperty("user.name")) ? "65536" : "1") + ",");
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

    @Test
    void readOnlyBindRefusesWrites(@TempDir Path dir) throws Exception {
        readableByAll(dir);
        readableByAll(Files.writeString(dir.resolve("f"), "host"));
        assertThat(run("--ro-bind", dir.toString(), "/srv", "--", "/bin/sh", "-c",
                "test \"$(cat /srv/f)\" = host && ! touch /srv/f 2>/dev/null && ! touch /srv/new 2>/dev/null"))
                .as("stderr: %s", err()).isZero();
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("host");
    }

    @Test
    void overlayChangesAreListedUnderTheirTarget(@TempDir Path dir) throws Exception {
        readableByAll(dir);
        Path lower = readableByAll(Files.createDirectory(dir.resolve("lower")));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path edit = Files.writeString(lower.resolve("edit"), "1");
        Files.writeString(lower.resolve("gone"), "1");
        for (Path p : List.of(lower, edit, upper)) {
            ownedByRootInside(p);
        }
        Path json = dir.resolve("result.json");
        assertThat(run("--overlay", lower + ":" + upper, "/mnt", "--diff", "--result-json", json.toString(), "--",
                "/bin/sh", "-c", "echo 2 >> /mnt/edit && rm /mnt/gone && echo 3 > /mnt/new"))
                .as("stderr: %s", err()).isZero();
        assertThat(err()).isEqualTo("M /mnt/edit\nD /mnt/gone\nA /mnt/new\n");
        assertThat(Files.readString(json)).contains("\"changes\":[{\"kind\":\"MODIFIED\",\"path\":\"/mnt/edit\"},"
                + "{\"kind\":\"DELETED\",\"path\":\"/mnt/gone\"},{\"kind\":\"ADDED\",\"path\":\"/mnt/new\"}]");
        assertThat(Files.readString(lower.resolve("edit"))).isEqualTo("1");
        assertThat(lower.resolve("gone")).exists();
    }

    @Test
    void diffLinesCannotBeForgedThroughFileNames(@TempDir Path dir) throws Exception {
        readableByAll(dir);
        Path lower = readableByAll(Files.createDirectory(dir.resolve("lower")));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        for (Path p : List.of(lower, upper)) {
            ownedByRootInside(p);
        }
        assertThat(run("--overlay", lower + ":" + upper, "/mnt", "--diff", "--", "/bin/sh", "-c",
                // unescaped, the first name would print a line "D /etc/passwd" of its own
                "cd /mnt && d=\"$(printf 'a\\nD ')\" && mkdir -p \"$d/etc\" && touch \"$d/etc/passwd\""
                        + " \"$(printf 'b\\rM x')\" \"$(printf 'back\\\\slash')\" \"$(printf 'c\\033[1A')\""))
                .as("stderr: %s", err()).isZero();
        assertThat(err()).isEqualTo("A /mnt/a\\nD \nA /mnt/a\\nD /etc\nA /mnt/a\\nD /etc/passwd\n"
                + "A /mnt/b\\rM x\nA /mnt/back\\\\slash\nA /mnt/c\\x1b[1A\n");
        assertThat(err().lines()).allMatch(l -> l.startsWith("A /mnt/")).hasSize(6);
    }

    @Test
    void cpuTimeLimitIsATimeout(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        int code = run("--cpu-time", "1s", "--timeout", "20s", "--result-json", json.toString(), "--",
                "/bin/sh", "-c", "while :; do :; done");
        assertThat(code).isEqualTo(128 + 24); // SIGXCPU
        assertThat(Files.readString(json)).contains("\"status\":\"TIMED_OUT\"", "\"timeoutKind\":\"CPU_TIME\"");
    }

    /** As root, root inside is the host's nobody: it needs the bits "others" get. */
    private static Path readableByAll(Path p) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        return p;
    }

    /** As root, the one-slot host id range this class pins (sandbox4j.hostIdRange) around such runs. */
    private static final long PINNED = 2_900_131_072L;

    /**
     * As root, root inside is the first id of the sandbox's host range: pin that range to one slot and give
     * root inside the file, as a rootless caller owns it anyway.
     */
    private static void ownedByRootInside(Path p) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            System.setProperty("sandbox4j.hostIdRange", PINNED + ":65536");
            Files.setAttribute(p, "unix:uid", (int) PINNED);
            Files.setAttribute(p, "unix:gid", (int) PINNED);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void unpin() {
        System.clearProperty("sandbox4j.hostIdRange");
    }
}
