package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlanValidationTest {
    @TempDir
    Path tmp;

    @Test
    void relativeTargetIsRefusedNamingIt() {
        assertThatThrownBy(() -> MountPlan.builder().tmpfs("tmp", 1024, 0777))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tmp'").hasMessageContaining("relative").hasMessageContaining("/tmp");
    }

    @Test
    void dotDotNulNewlineAndNonNormalFormsAreRefused() {
        var b = MountPlan.builder();
        assertThatThrownBy(() -> b.tmpfs("/a/../etc", 1, 0755)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> b.tmpfs("/a\0b", 1, 0755)).hasMessageContaining("NUL or newline");
        assertThatThrownBy(() -> b.tmpfs("/a\nb", 1, 0755)).hasMessageContaining("NUL or newline");
        assertThatThrownBy(() -> b.tmpfs("/a//b", 1, 0755)).hasMessageContaining("not normalised; write /a/b");
        assertThatThrownBy(() -> b.tmpfs("/a/", 1, 0755)).hasMessageContaining("write /a");
        assertThatThrownBy(() -> b.tmpfs("/", 1, 0755)).hasMessageContaining("root");
    }

    @Test
    void tmpfsSizeMustBePositive() {
        assertThatThrownBy(() -> MountPlan.builder().tmpfs("/tmp", 0, 01777))
                .hasMessageContaining("tmpfs size 0 for /tmp");
        assertThatThrownBy(() -> MountPlan.builder().tmpfs("/tmp", -1, 01777))
                .hasMessageContaining("tmpfs size -1");
    }

    @Test
    void missingBindSourceIsRefused() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> MountPlan.builder().bind(missing, "/data"))
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void conflictingMountsAtOneTargetAreRefusedButIdenticalOnesMerge() {
        var b = MountPlan.builder().tmpfs("/tmp", 1 << 20, 01777);
        b.tmpfs("/tmp", 1 << 20, 01777); // same thing twice: harmless
        assertThatThrownBy(() -> b.tmpfs("/tmp", 2 << 20, 01777))
                .hasMessageContaining("tmpfs at /tmp was already set");
        assertThatThrownBy(() -> b.bind(tmp, "/tmp")).hasMessageContaining("tmpfs at /tmp was already set");
    }

    @Test
    void nothingBelowASymlinkOrFile() {
        var b = MountPlan.builder().symlink("/etc", "/link");
        assertThatThrownBy(() -> b.tmpfs("/link/x", 1, 0755)).hasMessageContaining("below symlink at /link");
    }

    @Test
    void badModeIsRefused() {
        assertThatThrownBy(() -> MountPlan.builder().dir("/d", 010000)).hasMessageContaining("07777");
    }

    @Test
    void rootfsWithSymlinkedProcIsRefusedNamingIt() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("proc"), Path.of("/proc"));
        assertThatThrownBy(() -> MountPlan.builder().root(RootSource.directory(root, false)))
                .hasMessageContaining("/proc as a symlink");
    }

    @Test
    void overlappingOverlayLayersAreRefused() throws Exception {
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(lower.resolve("upper"));
        assertThatThrownBy(() -> MountPlan.builder().overlay(List.of(lower), upper, "/o"))
                .hasMessageContaining("overlap");
    }

    @Test
    void hostRootGetsProcDevTmpAndMasksByDefault() {
        MountPlan p = MountPlan.builder().build();
        assertThat(p.root()).isEqualTo(RootSource.hostReadOnly());
        assertThat(p.steps()).contains(new MountStep.Proc("/proc"),
                new MountStep.Tmpfs("/tmp", 64L << 20, 01777, false),
                new MountStep.Devpts("/dev/pts"), new MountStep.Symlink("pts/ptmx", "/dev/ptmx"),
                new MountStep.Mask("/proc/kcore"), new MountStep.ReadOnlyPath("/proc/sys"));
    }

    @Test
    void explicitTargetsReplaceDefaults() {
        MountPlan p = MountPlan.builder().tmpfs("/tmp", 1 << 20, 0700).tmpfs("/dev/shm", 1 << 20, 01777)
                .defaultMasks(false).build();
        assertThat(p.steps()).contains(new MountStep.Tmpfs("/tmp", 1 << 20, 0700, false))
                .doesNotContain(new MountStep.Tmpfs("/tmp", 64L << 20, 01777, false))
                .noneMatch(s -> s instanceof MountStep.Mask);
        assertThat(p.steps().stream().filter(s -> s.target().equals("/dev/shm")).count()).isEqualTo(1);
    }

    @Test
    void fileContentIsCopiedAndComparedByValue() {
        byte[] b = {1, 2, 3};
        var f = new MountStep.File("/etc/x", b, 0644);
        b[0] = 9;
        assertThat(f.content()[0]).isEqualTo((byte) 1);
        assertThat(f).isEqualTo(new MountStep.File("/etc/x", new byte[] {1, 2, 3}, 0644));
    }
}
