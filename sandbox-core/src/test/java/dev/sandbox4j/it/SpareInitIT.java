package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shim server clones the next sandbox's init ahead of its request (a
 * spare). What a sandbox sees must not depend on whether it got the spare:
 * not its namespaces, not the host's mount table as of the spare's clone.
 */
class SpareInitIT {

    @Test
    void theNextSandboxRunsInTheSpareInitClonedAfterTheLastOneEnded() throws Exception {
        ProcessHandle server;
        try (SandboxProcess first = Sandbox.builder().command("/bin/sleep", "600")
                .redirectOutput(Redirect.DISCARD).start()) {
            server = first.toHandle().parent().flatMap(ProcessHandle::parent).orElseThrow(); // program, init, server
            first.destroyForcibly();
            first.result().join();
        }
        long spare = awaitSpare(server).orElseThrow(() -> new AssertionError("no spare init under the server"));
        assertThat(ProcessHandle.current().children().count()).as("the spare is not the JVM's child").isZero();

        try (SandboxProcess next = Sandbox.builder().command("/bin/sleep", "600")
                .redirectOutput(Redirect.DISCARD).start()) {
            assertThat(next.toHandle().parent().map(ProcessHandle::pid)).as("the waiting spare became the next "
                    + "sandbox's init").hasValue(spare);
            assertThat(Files.readString(Path.of("/proc/" + spare + "/comm")).strip()).isEqualTo("sandbox4j-init");
        }
    }

    @Test
    void aSandboxThatSharesANamespaceDoesNotGetASpareWithItsOwn() throws Exception {
        Run first = Run.sh(Sandbox.builder(), "readlink /proc/self/ns/net");
        String hostNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertThat(first.stdout().strip()).as(first.toString()).isNotEqualTo(hostNet);

        Run shared = Run.sh(Sandbox.builder().share(Namespace.NET), "readlink /proc/self/ns/net");
        assertThat(shared.stdout().strip()).as(shared.toString()).isEqualTo(hostNet);
        Run again = Run.sh(Sandbox.builder(), "readlink /proc/self/ns/net");
        assertThat(again.stdout().strip()).as(again.toString()).isNotEqualTo(hostNet);
    }

    @Test
    void aMountMadeOnTheHostAfterTheSpareWasClonedIsSeenInside() throws Exception {
        assumeTrue(isRoot(), "mounting on the host needs root");
        Run.sh(Sandbox.builder(), "true"); // a spare waits from now on
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spare-mount");
        run("mount", "-t", "tmpfs", "-o", "size=64k", "spare-probe", dir.toString());
        try {
            Files.writeString(dir.resolve("marker"), "mounted after the spare\n");
            Run r = Run.sh(Sandbox.builder().bindReadOnly(dir, "/tmp/probe"), "cat /tmp/probe/marker");
            assertThat(r.stdout()).as(r.toString()).isEqualTo("mounted after the spare\n");
        } finally {
            run("umount", dir.toString());
            Files.delete(dir);
        }
    }

    /** The server's child named sandbox4j-spare, once the server made it. */
    private static Optional<Long> awaitSpare(ProcessHandle server) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Long> spares = server.children().map(ProcessHandle::pid).filter(SpareInitIT::isSpare).toList();
            if (!spares.isEmpty()) {
                assertThat(spares).as("one spare at a time").hasSize(1);
                return Optional.of(spares.getFirst());
            }
            Thread.sleep(10);
        }
        return Optional.empty();
    }

    private static boolean isSpare(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("sandbox4j-spare");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isRoot() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }
}
