package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A setuid-root program inside does not gain privileges. Root lane only: a
 * rootless caller can neither make a setuid-root file nor run one to any
 * effect, because in its user namespace host root is unmapped and the
 * kernel ignores the setuid bit of a file whose owner is unmapped.
 */
class SetuidIT {
    private static final String SUID_DIR = "/tmp/suid";
    private static boolean root;
    private static Path dir;

    @BeforeAll
    static void setuidRootProbe() throws Exception {
        root = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        if (!root) {
            return;
        }
        dir = Files.createTempDirectory("sandbox4j-suid",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dir.toFile().deleteOnExit(); // deleted in reverse order: the file first
        Path probe = dir.resolve("probe");
        Files.copy(Probe.hostDir().resolve("probe"), probe);
        Files.setAttribute(probe, "unix:mode", 04755); // setuid, owned by root: we are root
        probe.toFile().deleteOnExit();
        assertThat(Files.getOwner(probe).getName()).isEqualTo("root");
    }

    @BeforeEach
    void rootOnly() {
        assumeTrue(root, "needs root to create a setuid-root file; rootless, host root is unmapped in the "
                + "sandbox's user namespace, so the kernel ignores every setuid-root file there anyway");
    }

    /** Uid 1000 in the host's user namespace, so host root's setuid bit means something. */
    private static SandboxBuilder asUser1000() {
        return Sandbox.builder().share(Namespace.USER).uid(1000).gid(1000).bindReadOnly(dir, SUID_DIR)
                .command(SUID_DIR + "/probe", "ids");
    }

    @Test
    void setuidRootProgramKeepsTheCallersEuid() throws Exception {
        Run r = Run.of(asUser1000());
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        assertThat(r.stdout()).as("ruid euid suid").isEqualTo("1000 1000 1000\n");
    }

    /** The control: the same file on the same mount does make euid 0 once no_new_privs is off. */
    @Test
    void withoutNoNewPrivsTheSameProgramBecomesRoot() throws Exception {
        Run r = Run.of(asUser1000().noNewPrivs(false).seccomp(null));
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        assertThat(r.stdout()).as("ruid euid suid").isEqualTo("1000 0 0\n");
    }
}
