package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shim builds the new root inside the sandbox's mount namespace, on a
 * private base tmpfs it mounts on the host's /tmp and pivots into, with the
 * host's root at /oldroot: nothing is created on the host, the host's /tmp
 * is not shadowed for what the sandbox binds from there, and failures name
 * host paths as the caller knows them.
 */
class BaseTmpfsIT {
    private static final Path HOST_TMP = Path.of("/tmp");

    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    /** Under the real /tmp, where the base tmpfs goes: the case a shadowing base would break. */
    private Path underTmp;

    @BeforeEach
    void underTheBase() throws Exception {
        assumeThat(Files.isDirectory(HOST_TMP, LinkOption.NOFOLLOW_LINKS))
                .as("/tmp is a real directory, so the base goes there").isTrue();
        underTmp = Roots.open(Files.createTempDirectory(HOST_TMP, "sandbox4j-it-base-"));
    }

    @AfterEach
    void removeIt() throws Exception {
        Roots.deleteTree(underTmp);
    }

    @Test
    void aLiveSandboxCreatesNothingInJavaIoTmpdir() throws Exception {
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        Path root = Roots.busybox(underTmp.resolve("rootfs"));
        Roots.write(root.resolve("etc/motd"), ""); // the mount point: as root, root inside may not create it
        // a file step too: its scratch tmpfs used to need a host directory as well
        try (SandboxProcess p = Sandbox.builder().rootfs(root).file("/etc/motd", "hi\n")
                .command("/bin/cat").start()) {
            try (Stream<Path> s = Files.list(tmpdir)) {
                assertThat(s).as("java.io.tmpdir (%s) while the sandbox runs", tmpdir).isEmpty();
            }
            p.getOutputStream().close();
            assertThat(p.result().join().succeeded()).isTrue();
        }
        // HostUnchanged checks it again, and the host's mount table, after the test
    }

    @Test
    void aBindSourceUnderTheHostsTmpShowsTheHostsContent() throws Exception {
        Path data = Roots.dir(underTmp.resolve("data"));
        Roots.write(data.resolve("f.txt"), "from the host's /tmp\n");
        Path file = underTmp.resolve("real.txt");
        Roots.write(file, "through an absolute symlink\n");
        // bind sources are not followed through links: the caller resolves it, deliberately
        Path link = Files.createSymbolicLink(underTmp.resolve("link.txt"), file).toRealPath();
        Path busybox = Roots.busybox(underTmp.resolve("rootfs"));
        Roots.dir(busybox.resolve("data")); // mount points: as root, root inside may not create them
        Roots.write(busybox.resolve("tmp/link.txt"), "");

        // the default and the host root (their /tmp a fresh tmpfs inside), and a root that itself lies under /tmp
        for (SandboxBuilder b : List.of(Sandbox.builder(), Sandbox.builder().hostRootReadOnly())) {
            Run hostRoot = Run.sh(b.bindReadOnly(data, "/tmp/data").bindReadOnly(link, "/tmp/link.txt"),
                    "cat /tmp/data/f.txt /tmp/link.txt; ls /tmp");
            assertThat(hostRoot.result().succeeded()).as(hostRoot.toString()).isTrue();
            assertThat(hostRoot.stdout()).as(hostRoot.toString())
                    .isEqualTo("from the host's /tmp\nthrough an absolute symlink\ndata\nlink.txt\n");
        }

        Run ownRoot = Run.sh(Sandbox.builder().rootfs(busybox).bindReadOnly(data, "/data")
                .bindReadOnly(link, "/tmp/link.txt"), "cat /data/f.txt /tmp/link.txt; ls /");
        assertThat(ownRoot.result().succeeded()).as(ownRoot.toString()).isTrue();
        assertThat(ownRoot.stdout()).as(ownRoot.toString()).isEqualTo(
                "from the host's /tmp\nthrough an absolute symlink\nbin\ndata\ndev\nproc\nsys\ntmp\n");
    }

    @Test
    void neitherTheBaseNorTheOldRootRemainsInside() throws Exception {
        Run r = Run.sh(Sandbox.builder().file("/tmp/motd", "hi\n"),
                "cat /tmp/motd; cat /proc/self/mountinfo; ls -a /; ls -a /..");
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        assertThat(r.stdout()).startsWith("hi\n");
        List<String> mountPoints = r.stdout().lines().filter(l -> l.split(" ").length > 4)
                .map(l -> l.split(" ")[4]).toList();
        assertThat(mountPoints.stream().filter("/"::equals)).as(r.toString()).hasSize(1);
        assertThat(mountPoints).as(r.toString())
                .noneMatch(m -> m.matches("/(oldroot|newroot|scratch)(/.*)?"));
        assertThat(r.stdout().lines()).as(r.toString()).doesNotContain("oldroot", "newroot", "scratch");
    }

    /** Nothing of the plan under /tmp: the root tmpfs goes on the host's /tmp itself, without a base. */
    @Test
    void theDefaultRootWithoutABaseShadowsNothingOfTheHostAndLeavesNoTraceInside() throws Exception {
        Roots.write(underTmp.resolve("host-marker"), "host\n");
        Run r = Run.sh(Sandbox.builder(), "cat /proc/self/mountinfo; ls -a /; ls -a /tmp");
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        List<String> mountPoints = r.stdout().lines().filter(l -> l.split(" ").length > 4)
                .map(l -> l.split(" ")[4]).toList();
        assertThat(mountPoints.stream().filter("/"::equals)).as(r.toString()).hasSize(1);
        assertThat(mountPoints).as(r.toString()).contains("/usr", "/etc", "/tmp", "/proc", "/sys", "/dev")
                .noneMatch(m -> m.matches("/(oldroot|newroot|scratch)(/.*)?"));
        assertThat(r.stdout().lines()).as(r.toString())
                .doesNotContain("oldroot", "newroot", "scratch", underTmp.getFileName().toString());
        // the host's /tmp, shadowed only inside the sandbox's namespace, is as it was
        assertThat(Files.readString(underTmp.resolve("host-marker"))).isEqualTo("host\n");
    }

    @Test
    void aFailingBindNamesTheHostPathNotTheOldRoot() throws Exception {
        Path data = Roots.dir(underTmp.resolve("data"));
        String realData = data.toRealPath().toString();
        // the host root is read-only from the start: a missing mount point cannot be made
        assertThatThrownBy(() -> Run.sh(Sandbox.builder().hostRootReadOnly()
                .bindReadOnly(data, "/sandbox4j-missing/data"), "true"))
                .isInstanceOfSatisfying(SandboxStartException.class, e -> {
                    assertThat(e.step()).isEqualTo("mkdir");
                    assertThat(e.getMessage()).contains("/sandbox4j-missing", "bind of " + realData)
                            .doesNotContain("oldroot");
                });
        // nor below the default root's read-only /usr (in its own tmpfs it is created: DefaultRootIT)
        assertThatThrownBy(() -> Run.sh(Sandbox.builder().bindReadOnly(data, "/usr/sandbox4j-missing/data"), "true"))
                .isInstanceOfSatisfying(SandboxStartException.class, e -> {
                    assertThat(e.step()).isEqualTo("mkdir");
                    assertThat(e.getMessage()).contains("/usr/sandbox4j-missing", "bind of " + realData)
                            .doesNotContain("oldroot");
                });
    }

    @Test
    void theKernelsOwnMessageNamesTheHostPathNotTheOldRoot() throws Exception {
        Path lower = Roots.dir(underTmp.resolve("lower"));
        Path upper = Roots.dir(underTmp.resolve("upper"));
        String realUpper = upper.toRealPath().toString();
        SandboxBuilder b = Sandbox.builder().overlay(List.of(lower), upper, "/tmp/ovl");
        // validated as a directory above; a file by the time the shim mounts it, which overlayfs refuses
        Files.delete(upper);
        Roots.write(upper, "not a directory\n");
        assertThatThrownBy(() -> Run.sh(b, "true"))
                .isInstanceOfSatisfying(SandboxStartException.class, e -> {
                    assertThat(e.step()).isEqualTo("fsconfig");
                    assertThat(e.getMessage()).contains(realUpper).doesNotContain("oldroot");
                });
        try (Stream<Path> s = Files.list(underTmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("the overlay's work dir is gone again")
                    .containsExactlyInAnyOrder("lower", "upper");
        }
    }
}
