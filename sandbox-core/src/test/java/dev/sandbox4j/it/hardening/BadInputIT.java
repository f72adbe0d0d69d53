package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Capability;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad hardening input is refused before anything is spawned, with a message
 * that names the bad value. Each sandbox here would leave a file in a
 * writable bind if it ran; none does, and the JVM has no child. Root and rootless.
 */
class BadInputIT {
    @TempDir
    Path out;

    @BeforeEach
    void worldWritable() throws Exception {
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx")); // root inside is nobody
    }

    /** A sandbox that would leave {@code ran} in {@link #out}. */
    private SandboxBuilder wouldRun() {
        return Sandbox.builder().bind(out, "/tmp/out").command("/bin/sh", "-c", "touch /tmp/out/ran");
    }

    private void assertNothingRan() throws Exception {
        assertThat(out.resolve("ran")).doesNotExist();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();
    }

    @Test
    void theMarkerWorks() throws Exception {
        try (var p = wouldRun().start()) {
            assertThat(p.result().join().succeeded()).isTrue();
        }
        assertThat(out.resolve("ran")).exists();
    }

    @Test
    void unknownSyscallNames() throws Exception {
        assertThatThrownBy(() -> wouldRun().seccomp(SeccompProfile.defaultProfile()
                .withRule(SeccompRule.deny("frobnicate"))).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'frobnicate'");
        assertThatThrownBy(() -> SeccompProfile.parse("base default\nallow read\nerrno EACCES openat frobnicate\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3").hasMessageContaining("frobnicate");
        assertNothingRan();
    }

    @Test
    void unknownCapabilityNames() throws Exception {
        assertThatThrownBy(() -> wouldRun().capabilities(java.util.Set.of(Capability.fromName("cap_fly"))).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cap_fly'")
                .hasMessageContaining("net_admin");
        assertNothingRan();
    }

    @Test
    void rlimitSoftAboveHard() throws Exception {
        assertThatThrownBy(() -> wouldRun().rlimit(ResourceLimit.NOFILE, 128, 64).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nofile").hasMessageContaining("128").hasMessageContaining("64");
        assertNothingRan();
    }

    @Test
    void malformedRuleFileNamesTheFileAndLine() throws Exception {
        Path rules = out.resolve("rules.seccomp");
        Files.writeString(rules, "# comment\nbase default\n\nallow ptrace arg9 == 1\nkill kexec_load\n");
        assertThatThrownBy(() -> wouldRun().seccomp(SeccompProfile.parse(rules)).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rules.toString()).hasMessageContaining("line 4")
                .hasMessageContaining("allow ptrace arg9 == 1");

        Files.writeString(rules, "base default\nerrno EWHATEVER mkdirat\n");
        assertThatThrownBy(() -> SeccompProfile.parse(rules))
                .hasMessageContaining("line 2").hasMessageContaining("EWHATEVER");

        Files.writeString(rules, "deny socket arg0 =~ 16\n");
        assertThatThrownBy(() -> SeccompProfile.parse(rules))
                .hasMessageContaining("line 1").hasMessageContaining("=~");
        assertNothingRan();
    }

    @Test
    void passFdOfAClosedFd() throws Throwable {
        int fd = HostFds.openInheritable("/dev/null");
        HostFds.close(fd);
        assertThat(HostFds.fdFlags(fd)).as("fd %d is closed", fd).isEqualTo(-1);
        assertThatThrownBy(() -> wouldRun().passFd(fd).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passFd " + fd)
                .hasMessageContaining("not open");
        assertNothingRan();
    }

    @Test
    void whatTheHostOrTheKernelWouldSufferIsRefusedBeforeTheSpawn() throws Throwable {
        int dir = HostFds.openInheritable(out.toString());
        try {
            assertThatThrownBy(() -> wouldRun().passFd(dir).start())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fd " + dir + " is a directory");
        } finally {
            HostFds.close(dir);
        }
        assertThatThrownBy(() -> wouldRun().bind(Path.of("/proc/sys"), "/hostsys").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bind source /proc/sys");
        assertThatThrownBy(() -> wouldRun().memory("64M").cgroupParent(Path.of("/sandbox4j/..")).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a '..' component");
        assertThatThrownBy(() -> wouldRun().rlimit(ResourceLimit.NOFILE, 64, ResourceLimit.UNLIMITED).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rlimit nofile: hard limit unlimited");
        assertThatThrownBy(() -> wouldRun().env("BIG", "x".repeat(200_000)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment variable BIG");
        assertNothingRan();
    }
}
