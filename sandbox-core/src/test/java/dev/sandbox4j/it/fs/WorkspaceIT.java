package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * A caller's private directory as a workspace: root inside reads and writes it whatever its owner and
 * mode, and what the program created belongs to the caller on the host. Root and rootless.
 */
class WorkspaceIT {

    private static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int callerUid() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    @Test
    void aPrivateTempDirectoryIsWritableByRootInsideAndWhatItCreatesIsTheCallers() throws Exception {
        Path dir = Files.createTempDirectory("sandbox4j-ws"); // 0700, the caller's
        try {
            Path in = Files.writeString(dir.resolve("in.txt"), "secret input\n");
            Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rw-------"));
            Run run = Run.sh(Sandbox.builder().workspace(dir, "/tmp/ws").workDir("/tmp/ws"),
                    "id -u; cat in.txt; echo result > out.txt; mkdir sub && echo x > sub/f; ln -s /etc/passwd link; "
                            + "ls -ln . | grep out.txt | awk '{print $3}'; grep ' /tmp/ws ' /proc/self/mountinfo");
            assertThat(run.result().succeeded()).as(run.toString()).isTrue();
            assertThat(run.stdout().lines().limit(3)).as(run.toString()).containsExactly("0", "secret input", "0");
            if (callerUid() == 0) {
                assertThat(run.stdout()).as("as root an idmapped mount").contains("idmapped");
            }

            int caller = callerUid();
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("result\n");
            for (String created : new String[] {"out.txt", "sub", "sub/f", "link"}) {
                assertThat(uid(dir.resolve(created))).as(created + " belongs to the caller").isEqualTo(caller);
            }
            assertThat(uid(dir)).isEqualTo(caller);
            assertThat(uid(in)).isEqualTo(caller);
            assertThat(Files.getPosixFilePermissions(dir)).as("mode unchanged")
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(in)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(uid(Path.of("/etc/passwd"))).as("the symlink's target was never touched").isZero();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aPlainBindTheSandboxCannotReachNamesThePathTheUidAndTheRemedy() throws Exception {
        assumeTrue(callerUid() == 0, "as root only: rootless the caller is root inside and reaches its own dirs");
        Path dir = Files.createTempDirectory("sandbox4j-private");
        try {
            assertThatThrownBy(() -> Sandbox.builder().bind(dir, "/tmp/ws").workDir("/tmp/ws")
                    .command("/bin/true").start())
                    .isInstanceOf(SandboxStartException.class)
                    .hasMessageContaining("/tmp/ws").hasMessageContaining("EACCES")
                    .hasMessageContaining("uid 0 inside (an unprivileged id, host uid ").hasMessageContaining("workspace(dir, target)");
        } finally {
            Files.delete(dir);
        }
    }
}
