package dev.sandbox4j.junit;

import static dev.sandbox4j.junit.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/**
 * Parameter injection as a test class sees it (run through EngineTestKit): the class's configuration, a method's
 * overriding it, a built Sandbox, a workspace the sandbox writes and a temporary root of host binaries.
 */
class InjectionIT {

    static String hostNetNs() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    }

    @SandboxTest(requireSandbox = true)
    @SandboxConfig(timeout = "20s", network = SandboxConfig.Network.HOST,
            readOnlyBinds = "src/test/resources/data:/tmp/data")
    static class Configured {
        @Test
        void theClassConfigurationApplies(SandboxBuilder sandbox) throws Exception {
            SandboxProcess p = sandbox.command("/bin/sh", "-c", "readlink /proc/self/ns/net; cat /tmp/data/greeting.txt; "
                    + "if echo > /tmp/data/greeting.txt; then echo wrote; else echo refused; fi").start();
            assertThat(p).exitedWith(0).stdout().isEqualTo(hostNetNs() + "\nhello from the host\nrefused\n");
            assertThat(p).stderr().contains("greeting.txt").contains("Read-only file system");
        }

        @Test
        @SandboxConfig(command = {"/bin/sh", "-c", "readlink /proc/self/ns/net"}, network = SandboxConfig.Network.NONE)
        void aMethodOverridesTheNetwork(Sandbox box) throws Exception {
            SandboxProcess p = box.start();
            assertThat(p).exitedWith(0).stdout().startsWith("net:[").isNotEqualTo(hostNetNs() + "\n");
        }

        @Test
        @SandboxConfig(command = {"/bin/sleep", "30"}, timeout = "300ms")
        void aMethodOverridesTheTimeout(Sandbox box) throws Exception {
            assertThat(box.command()).containsExactly("/bin/sleep", "30");
            SandboxProcess p = box.start();
            assertThat(p).timedOut().wasKilledBy("SIGKILL");
            assertThat(p.result().join().wallTime()).isLessThan(Duration.ofSeconds(20));
        }

        @Test
        void theWorkspaceIsWritableInsideAndReadableOutside(SandboxBuilder sandbox, @Workspace Path work)
                throws Exception {
            Files.writeString(work.resolve("in.txt"), "3 4\n");
            SandboxProcess p = sandbox.command("/bin/sh", "-c",
                    "read a b < /tmp/workspace/in.txt; echo $((a * b)) > /tmp/workspace/out.txt").start();
            assertThat(p).exitedWith(0);
            assertThat(Files.readString(work.resolve("out.txt"))).isEqualTo("12\n");
        }

        @Test
        @SandboxConfig(workspace = "/tmp/w")
        void theWorkspaceGoesWhereTheConfigurationSays(SandboxBuilder sandbox, @Workspace Path work) throws Exception {
            SandboxProcess p = sandbox.command("/bin/sh", "-c", "echo made > /tmp/w/made").start();
            assertThat(p).exitedWith(0);
            assertThat(work.resolve("made")).hasContent("made");
        }

        @Test
        @TempRootfs(binaries = {"/bin/sh", "ls"})
        void aTemporaryRootHoldsOnlyTheBinariesAndTheirLibraries(SandboxBuilder sandbox, @TempRootfs Path root)
                throws Exception {
            Files.writeString(root.resolve("tmp/added"), "x"); // the host side of the root, before the start
            SandboxProcess p = sandbox.command("/bin/sh", "-c", "ls /; ls " + lsPath()).start();
            assertThat(p).exitedWith(0).stdout().contains("bin\n").contains("proc\n").contains("tmp\n")
                    .contains(lsPath());
            List<String> hostOnly = Stream.of("home", "var", "usr", "etc", "root", "srv", "opt", "boot")
                    .filter(d -> Files.isDirectory(Path.of("/", d)) && !lsPath().startsWith("/" + d + "/")).toList();
            assertThat(p).stdout().doesNotContain(hostOnly.stream().map(d -> d + "\n").toArray(String[]::new));
            assertThat(root.resolve("bin/sh")).isExecutable();
        }
    }

    /** Where the host's PATH finds {@code ls}: the temporary root has it at the same path. */
    static String lsPath() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "ls"))) {
                return Path.of(d, "ls").toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException("no ls in PATH");
    }

    @Test
    void parametersAreInjectedFromTheClassAndMethodConfiguration() {
        Events tests = Kit.run(Configured.class).testEvents();
        assertThat(tests.succeeded().count()).as(Kit.failures(tests)).isEqualTo(6);
        tests.assertStatistics(s -> s.started(6).succeeded(6));
    }

    static final String TAR = "target/injection-it-root.tar";

    @SandboxTest(requireSandbox = true)
    static class FromTar {
        @Test
        @TempRootfs(tar = TAR)
        void theArchiveIsTheRoot(SandboxBuilder sandbox, @TempRootfs Path archive) throws Exception {
            assertThat(archive.getFileName().toString()).isEqualTo("rootfs.tar");
            // no cat in this root: read is the shell's
            SandboxProcess p = sandbox.command("/bin/sh", "-c", "read m < /marker; echo \"$m\"; ls /").start();
            assertThat(p).exitedWith(0).stdout().startsWith("from the archive\n").contains("bin\n")
                    .doesNotContain("home\n");
        }
    }

    @Test
    void aTarArchiveBecomesTheRoot() throws Exception {
        Path dir = TempDirs.create("injection-it-root", "rwxr-xr-x");
        try {
            TempRoot.make(Configured.class.getDeclaredMethod("aTemporaryRootHoldsOnlyTheBinariesAndTheirLibraries",
                    SandboxBuilder.class, Path.class).getAnnotation(TempRootfs.class), dir);
            Files.writeString(dir.resolve("marker"), "from the archive\n");
            Process tar = new ProcessBuilder("tar", "-cf", Path.of(TAR).toAbsolutePath().toString(), "-C", dir.toString(),
                    ".").inheritIO().start();
            assertThat(tar.waitFor()).isZero();
        } finally {
            TempDirs.delete(dir);
        }
        Events tests = Kit.run(FromTar.class).testEvents();
        assertThat(tests.succeeded().count()).as(Kit.failures(tests)).isEqualTo(1);
    }

    @SandboxTest
    static class Misconfigured {
        @Test
        void aSandboxNeedsACommand(Sandbox box) {}

        @Test
        @SandboxConfig(timeout = "soon")
        void aBadDurationIsNamed(SandboxBuilder sandbox) {}
    }

    @Test
    void badConfigurationFailsTheTestNamingTheValue() {
        Events tests = Kit.run(Misconfigured.class).testEvents();
        tests.assertStatistics(s -> s.failed(2));
        assertThat(Kit.failures(tests))
                .contains("a Sandbox parameter needs a command: set @SandboxConfig(command = ...)")
                .contains("@SandboxConfig timeout 'soon' is not a duration: use a number with ms, s, m or h");
    }
}
