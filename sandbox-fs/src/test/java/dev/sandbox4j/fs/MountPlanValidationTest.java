package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
    void theDefaultRootHoldsOnlyUsrEtcTheHostsLibAndBinEntriesRunAndSys() throws Exception {
        Path host = Files.createDirectory(tmp.resolve("host"));
        for (String d : List.of("usr/bin", "usr/lib", "etc", "lib64", "home/user", "var", "opt")) {
            Files.createDirectories(host.resolve(d));
        }
        Files.createSymbolicLink(host.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(host.resolve("lib"), Path.of("usr/lib"));
        MountPlan p = MountPlan.builder().hostRoot(host).build();
        assertThat(p.root()).isEqualTo(RootSource.minimalHost());
        Set<String> topLevel = p.steps().stream().map(MountStep::target)
                .map(t -> t.substring(0, t.indexOf('/', 1) < 0 ? t.length() : t.indexOf('/', 1)))
                .collect(Collectors.toSet());
        assertThat(topLevel).containsExactlyInAnyOrder("/usr", "/etc", "/bin", "/lib", "/lib64", "/proc", "/dev",
                "/tmp", "/run", "/sys");
        assertThat(p.steps()).contains(new MountStep.Bind(host.resolve("usr"), "/usr", true),
                new MountStep.Bind(host.resolve("etc"), "/etc", true),
                new MountStep.Symlink("usr/bin", "/bin"), new MountStep.Symlink("usr/lib", "/lib"),
                new MountStep.Bind(host.resolve("lib64"), "/lib64", true),
                new MountStep.Tmpfs("/tmp", 64L << 20, 01777, false, 8192),
                new MountStep.Tmpfs("/run", 16L << 20, 0755, false, 2048),
                new MountStep.Sysfs("/sys", true), new MountStep.Mask("/sys/firmware"));
        assertThat(MountPlan.builder().hostRoot(host).hostNetwork(true).build().steps())
                .contains(new MountStep.Bind(Path.of("/sys"), "/sys", true))
                .noneMatch(s -> s instanceof MountStep.Sysfs);
    }

    @Test
    void theHostsOwnLinkedEtcIsBoundAsItsRealPathAndAHostWithoutUsrIsRefused() throws Exception {
        Path host = Files.createDirectory(tmp.resolve("host"));
        Files.createDirectories(host.resolve("usr"));
        Path realEtc = Files.createDirectories(tmp.resolve("real-etc"));
        Files.createSymbolicLink(host.resolve("etc"), realEtc);
        assertThat(MountPlan.builder().hostRoot(host).build().steps())
                .contains(new MountStep.Bind(realEtc, "/etc", true));
        Files.delete(host.resolve("usr"));
        assertThatThrownBy(() -> MountPlan.builder().hostRoot(host).build())
                .hasMessageStartingWith("the host has no " + host.resolve("usr") + " for the sandbox's minimal root");
    }

    @Test
    void explicitMountsOverTheMinimalRootsEntriesReplaceThem() throws Exception {
        Path etc = Files.createDirectory(tmp.resolve("etc"));
        MountPlan p = MountPlan.builder().bindReadOnly(etc, "/etc").tmpfs("/run", 1 << 20, 0700).build();
        assertThat(p.steps().stream().filter(s -> s.target().equals("/etc")))
                .containsExactly(new MountStep.Bind(etc, "/etc", true));
        assertThat(p.steps().stream().filter(s -> s.target().equals("/run")))
                .containsExactly(new MountStep.Tmpfs("/run", 1 << 20, 0700, false));
    }

    @Test
    void everyTmpfsGetsAnInodeLimitFromItsSizeOrTheCallers() {
        assertThat(MountStep.Tmpfs.defaultInodes(64L << 20)).isEqualTo(8192);
        assertThat(MountStep.Tmpfs.defaultInodes(64L << 10)).isEqualTo(1024);
        assertThat(new MountStep.Tmpfs("/t", 1L << 30, 01777, false).inodes()).isEqualTo(131_072);
        MountPlan p = MountPlan.builder().tmpfs("/work", 1 << 20, 01777, 100_000).build();
        assertThat(p.steps()).contains(new MountStep.Tmpfs("/work", 1 << 20, 01777, false, 100_000));
        assertThat(p.steps()).filteredOn(s -> s instanceof MountStep.Tmpfs)
                .allMatch(s -> ((MountStep.Tmpfs) s).inodes() >= MountStep.Tmpfs.MIN_INODES);
        assertThatThrownBy(() -> MountPlan.builder().tmpfs("/work", 1 << 20, 01777, 0))
                .hasMessage("tmpfs inode limit 0 for /work must be positive (the number of files, directories "
                        + "and links it may hold)");
    }

    @Test
    void aBindSourceWithASymlinkOnItsPathIsRefusedNamingItAndTheWayToFollowIt() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/data"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        assertThatThrownBy(() -> MountPlan.builder().bindReadOnly(link.resolve("data"), "/data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bindReadOnly source " + link.resolve("data") + " for /data has a symbolic link on its path: "
                        + link + " -> " + real.getParent() + "; bind sources are not followed through symlinks (a link"
                        + " planted later could redirect the bind). To bind what it points to, pass the resolved path:"
                        + " bindReadOnly(src.toRealPath(), \"/data\")");
        Path fileLink = Files.createSymbolicLink(tmp.resolve("f"), real);
        assertThatThrownBy(() -> MountPlan.builder().bind(fileLink, "/f")).hasMessageContaining(fileLink + " -> " + real);
        assertThat(MountPlan.builder().bindReadOnly(link.resolve("data").toRealPath(), "/data").build().steps())
                .contains(new MountStep.Bind(real, "/data", true));
    }

    @Test
    void hostRootGetsProcDevTmpAndMasksByDefault() {
        MountPlan p = MountPlan.builder().root(RootSource.hostReadOnly()).build();
        assertThat(p.root()).isEqualTo(RootSource.hostReadOnly());
        assertThat(p.steps()).noneMatch(s -> s.target().equals("/usr") || s.target().equals("/run")
                || s.target().equals("/sys"));
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
