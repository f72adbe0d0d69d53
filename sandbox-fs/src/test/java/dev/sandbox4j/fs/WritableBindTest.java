package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writable bind may neither land on the sandbox's kernel trees nor expose
 * the host's root or kernel trees, however the source is spelled; read-only
 * binds of them stay allowed.
 */
class WritableBindTest {
    @TempDir
    Path tmp;

    @Test
    void targetsAtOrBelowProcSysDevAreRefused() {
        for (String dst : List.of("/proc", "/proc/sys", "/sys", "/sys/fs/cgroup", "/dev", "/dev/shm")) {
            assertThatThrownBy(() -> MountPlan.builder().bind(tmp, dst)).as(dst)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bind target " + dst + " is ")
                    .hasMessageContaining("a writable bind there is refused; use bindReadOnly(" + tmp + ", \"" + dst);
        }
        assertThatThrownBy(() -> MountPlan.builder().bind(tmp, "/")).hasMessageContaining("is the root");
        // only the trees themselves: /procfoo and /device are ordinary places
        assertThat(MountPlan.builder().bind(tmp, "/procfoo").bind(tmp.resolve("."), "/device").build()).isNotNull();
        assertThat(MountPlan.builder().bindReadOnly(tmp, "/sys/fs/x").build()).isNotNull();
    }

    @Test
    void hostRootAndKernelTreesAsSourceAreRefusedHoweverSpelled() throws Exception {
        Path toSys = Files.createSymbolicLink(tmp.resolve("s"), Path.of("/sys"));
        Path toRoot = Files.createSymbolicLink(tmp.resolve("r"), Path.of("/"));
        for (Path src : List.of(Path.of("/"), Path.of("/."), Path.of("/proc/sys"), Path.of("/sys/kernel"),
                Path.of("/dev/null"), Path.of("/tmp/../proc"), toSys, toRoot)) {
            assertThatThrownBy(() -> MountPlan.builder().bind(src, "/data")).as(src.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bind source " + src)
                    .hasMessageContaining("writable, it would let the program change the host")
                    .hasMessageContaining("bindReadOnly(" + src + ", \"/data\")");
        }
        assertThatThrownBy(() -> MountPlan.builder().bind(toSys, "/data"))
                .hasMessageContaining("(/sys) is the host's /sys or below it");
        assertThatThrownBy(() -> MountPlan.builder().bind(Path.of("/"), "/data"))
                .hasMessageContaining("is the host's root");
        assertThat(MountPlan.builder().bindReadOnly(Path.of("/proc/sys"), "/data")
                .bindReadOnly(Path.of("/"), "/host").build()).isNotNull();
    }

    @Test
    void writableRootOfTheHostIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("root"), Path.of("/"));
        for (Path root : List.of(Path.of("/"), Path.of("/."), Path.of("/usr/.."), link)) {
            assertThatThrownBy(() -> MountPlan.builder().root(RootSource.directory(root, true))).as(root.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rootfs " + root)
                    .hasMessageContaining("writable is the host's root")
                    .hasMessageContaining("use hostRootReadOnly(), rootfs(dir, false)");
        }
        assertThat(MountPlan.builder().root(RootSource.directory(Path.of("/"), false)).build()).isNotNull();
        assertThat(MountPlan.builder().root(RootSource.directory(tmp, true)).build()).isNotNull();
    }
}
