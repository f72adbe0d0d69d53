package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A root filesystem of nothing but busybox: it runs, and nothing of the host shows through. */
class BusyboxRootIT {
    @RegisterExtension
    final HostUnchanged host = new HostUnchanged();

    @TempDir
    Path tmp;

    @Test
    void busyboxRootRunsAShellThatListsOnlyItsOwnRoot() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Run r = Run.sh(Sandbox.builder().rootfs(root), "ls /; cat /proc/1/cmdline");
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.subList(0, 5)).as(r.toString()).containsExactly("bin", "dev", "proc", "sys", "tmp");
        assertThat(lines).as(r.toString()).hasSize(6);
        assertThat(lines.get(5)).as("/proc/1/cmdline, the sandbox's init").startsWith("sandbox4j");
    }

    @Test
    void nothingOfTheHostIsVisibleBeyondWhatWasBound() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Path data = Roots.dir(tmp.resolve("data"));
        Roots.write(data.resolve("bound.txt"), "bound\n");
        Files.createDirectory(root.resolve("data"));
        List<String> hostPaths = List.of("/usr", "/etc", "/etc/hostname", "/home", "/root", "/lib", "/var", "/bin/bash",
                root.toString(), tmp.toString(), "/proc/1/root/usr");
        String script = "for p in " + String.join(" ", hostPaths) + "; do test -e $p && echo VISIBLE $p; done; "
                + "cat /data/bound.txt; echo ---; cat /proc/self/mountinfo";
        Run r = Run.sh(Sandbox.builder().rootfs(root).bindReadOnly(data, "/data"), script);
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        String[] parts = r.stdout().split("---\n", 2);
        assertThat(parts[0]).as(r.toString()).isEqualTo("bound\n");
        List<String> mountPoints = mountPoints(parts[1]);
        assertThat(mountPoints).as(parts[1]).allMatch(m -> m.matches("/|/(proc|dev|sys|tmp|data)(/.*)?"));
        // the host's own mount points (other than the kinds the sandbox gets fresh) are not there
        Set<String> hostOnly = mountPoints(Files.readString(HostUnchanged.MOUNTINFO)).stream()
                .filter(m -> !m.matches("/|/(proc|dev|sys|tmp)(/.*)?")).collect(Collectors.toSet());
        assertThat(mountPoints).as(parts[1]).doesNotContainAnyElementsOf(hostOnly);
        assertThat(parts[1]).as("mount points inside").doesNotContain(" " + tmp + " ");
    }

    @Test
    void theOldRootIsNeitherListedNorReachable() throws Exception {
        Path root = Roots.busybox(Roots.open(tmp).resolve("rootfs"));
        Run r = Run.sh(Sandbox.builder().rootfs(root),
                "ls -a /; echo ---; ls -a /..; echo ---; cd /../../..; pwd; ls; echo ---; cat /proc/self/mountinfo");
        assertThat(r.result().succeeded()).as(r.toString()).isTrue();
        String[] parts = r.stdout().split("---\n");
        assertThat(parts[1]).as("ls /.. shows the new root").isEqualTo(parts[0]);
        assertThat(parts[2]).as("cd /../../..").isEqualTo("/\nbin\ndev\nproc\nsys\ntmp\n");
        List<String> mountPoints = mountPoints(parts[3]);
        assertThat(mountPoints.stream().filter("/"::equals)).as(parts[3]).hasSize(1);
        assertThat(mountPoints).as(parts[3]).allMatch(m -> m.matches("/|/(proc|dev|sys|tmp)(/.*)?"));
    }

    /** Field 5 of each mountinfo line. */
    static List<String> mountPoints(String mountinfo) {
        return mountinfo.lines().map(l -> l.split(" ")[4]).toList();
    }
}
