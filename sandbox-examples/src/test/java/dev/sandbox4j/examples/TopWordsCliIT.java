package dev.sandbox4j.examples;

import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.junit.SandboxConfig;
import dev.sandbox4j.junit.SandboxTest;
import dev.sandbox4j.junit.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How a user tests a command-line program with sandbox-junit: {@code topwords N FILE} (in the test resources)
 * runs in a sandbox that sees the program read-only and a fresh workspace read-write, with no network and a
 * timeout; each test states what the program should print, on which stream, and with which exit status.
 */
@SandboxTest
@SandboxConfig(timeout = "10s", readOnlyBinds = "src/test/resources/cli:/tmp/cli")
class TopWordsCliIT {

    private static SandboxProcess topwords(SandboxBuilder sandbox, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "/bin/sh";
        command[1] = "/tmp/cli/topwords";
        System.arraycopy(args, 0, command, 2, args.length);
        return sandbox.command(command).start();
    }

    @Test
    void printsTheMostFrequentWordsWithTheirCounts(SandboxBuilder sandbox, @Workspace Path work) throws Exception {
        Files.writeString(work.resolve("in.txt"), "The cat saw the dog.\nThe dog ran; the CAT sat.\n");
        SandboxProcess p = topwords(sandbox, "2", "/tmp/workspace/in.txt");
        assertThat(p).exitedWith(0).usedCpuAtMost(Duration.ofSeconds(5)).stdout().isEqualTo("4 the\n2 cat\n");
        assertThat(p).stderr().isEmpty();
    }

    @Test
    void aFileItCannotReadIsAnErrorOnStderr(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = topwords(sandbox, "3", "/tmp/workspace/missing.txt");
        assertThat(p).exitedWith(1).stdout().isEmpty();
        assertThat(p).stderr().isEqualTo("topwords: /tmp/workspace/missing.txt: cannot read\n");
    }

    @Test
    void badUsageExitsWithTwo(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = topwords(sandbox, "many", "in.txt");
        assertThat(p).exitedWith(2).stderr().startsWith("usage: topwords N FILE");
    }

    @Test
    void itReadsStandardInput(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = topwords(sandbox, "1", "-");
        try (var in = p.getOutputStream()) {
            in.write("b a b\n".getBytes());
        }
        assertThat(p).exitedWith(0).stdout().isEqualTo("2 b\n");
    }

    @Test
    @SandboxConfig(timeout = "500ms")
    void anInputThatNeverEndsIsStoppedByTheTimeout(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = topwords(sandbox, "1", "-"); // stdin stays open: it waits for more words
        assertThat(p).timedOut().stdout().isEmpty();
    }

    @Test
    void itCannotChangeItsOwnProgram(SandboxBuilder sandbox) throws Exception {
        SandboxProcess p = sandbox.command("/bin/sh", "-c", "echo 'echo pwned' > /tmp/cli/topwords").start();
        assertThat(p).exitedWith(2).stderr().contains("Read-only file system");
        assertThat(Path.of("src/test/resources/cli/topwords")).content().doesNotContain("pwned");
    }
}
