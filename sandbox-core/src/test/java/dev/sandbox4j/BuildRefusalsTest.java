package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sandbox4j.internal.check.ExecSizeCheck;
import dev.sandbox4j.internal.check.RlimitCheck;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import dev.sandbox4j.internal.sys.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kernel or the host would suffer or refuse only after a spawn is
 * refused by {@code build()}, with a message naming the value and what is
 * accepted.
 */
class BuildRefusalsTest {
    private static final Syscalls SYS = LinuxSyscalls.INSTANCE;

    @TempDir
    Path tmp;

    @Test
    void passFdOfADirectoryOrAnOPathFd() throws Exception {
        int dir = SYS.open(tmp.toString(), Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
        Path file = Files.writeString(tmp.resolve("f"), "x");
        int path = SYS.open(file.toString(), Syscalls.O_PATH | Syscalls.O_CLOEXEC, 0);
        int plain = SYS.open(file.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            assertThatThrownBy(() -> Sandbox.builder().passFd(dir).command("true").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("passFd " + dir + ": fd " + dir + " is a directory")
                    .hasMessageContaining("CVE-2024-21626").hasMessageContaining("bindReadOnly(dir, dst)");
            assertThatThrownBy(() -> Sandbox.builder().passFd(path).command("true").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("passFd " + path + ": fd " + path + " is an O_PATH fd")
                    .hasMessageContaining("pass an fd opened for reading or writing");
            assertThat(Sandbox.builder().passFd(plain).command("true").build()).isNotNull();
        } finally {
            SYS.close(dir);
            SYS.close(path);
            SYS.close(plain);
        }
    }

    @Test
    void passFdOfAnOPathDirectoryNamesTheDirectory() throws Exception {
        int fd = SYS.open(tmp.toString(), Syscalls.O_PATH | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
        try {
            assertThatThrownBy(() -> Sandbox.builder().passFd(fd).command("true").build())
                    .hasMessageContaining("fd " + fd + " is a directory");
        } finally {
            SYS.close(fd);
        }
    }

    @Test
    void rlimitAboveTheCallersHardLimit() throws Exception {
        long own = SYS.getrlimit(ResourceLimit.NOFILE.resource())[1];
        assumeThat(own).as("this process's nofile hard limit is finite").isNotEqualTo(-1L);
        assertThatThrownBy(() -> Sandbox.builder().rlimit(ResourceLimit.NOFILE, own, own + 1).command("true").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rlimit nofile: hard limit " + (own + 1)
                        + " is above this process's hard limit " + own)
                .hasMessageContaining("use at most " + own);
        assertThatThrownBy(() -> Sandbox.builder().rlimit(ResourceLimit.NOFILE, 64, ResourceLimit.UNLIMITED)
                .command("true").build())
                .hasMessageContaining("hard limit unlimited is above this process's hard limit " + own);
        // at the caller's limit, and below it, is fine
        assertThat(Sandbox.builder().rlimit(ResourceLimit.NOFILE, own, own).command("true").build()).isNotNull();
    }

    @Test
    void aCallerWithCapSysResourceSharingTheUserNamespaceMayRaise() throws Exception {
        long own = SYS.getrlimit(ResourceLimit.NOFILE.resource())[1];
        assumeThat(own).isNotEqualTo(-1L);
        Map<ResourceLimit, long[]> above = Map.of(ResourceLimit.NOFILE, new long[] {own + 1, own + 1});
        RlimitCheck.check(above, true, SYS); // does not throw
        assertThatThrownBy(() -> RlimitCheck.check(above, false, SYS)).hasMessageContaining("rlimit nofile");
    }

    @Test
    void cgroupParentThatCouldLeaveItsCgroup() {
        assertThatThrownBy(() -> Sandbox.builder().cgroupParent(Path.of("/sandbox4j/../../etc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cgroupParent '/sandbox4j/../../etc' contains a '..' component")
                .hasMessageContaining("like /sandbox4j/judge");
        assertThatThrownBy(() -> Sandbox.builder().cgroupParent(Path.of("/sys/fs/cgroup/./x")))
                .hasMessageContaining("a '.' component");
        assertThatThrownBy(() -> Sandbox.builder().cgroupParent(Path.of("judge")))
                .hasMessageContaining("cgroupParent 'judge' is relative");
        assertThatThrownBy(() -> Sandbox.builder().cgroupParent(Path.of("/a\nb")))
                .hasMessageContaining("cgroupParent '/a\\x0ab' contains control characters");
        assertThat(Sandbox.builder().cgroupParent(Path.of("/sandbox4j/judge")).memory("64M").command("true").build())
                .isNotNull();
    }

    @Test
    void oneArgumentOrVariableOverMaxArgStrlen() {
        String big = "a".repeat(ExecSizeCheck.MAX_ARG_STRLEN); // one byte too many with its NUL
        assertThatThrownBy(() -> Sandbox.builder().command("/bin/echo", big).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 1 of the command has 131072 bytes; execve takes at most 131071");
        assertThatThrownBy(() -> Sandbox.builder().env("BIG", big.substring(4)).command("/bin/echo").build())
                .hasMessageContaining("environment variable BIG has 131072 bytes");
        assertThat(Sandbox.builder().command("/bin/echo", big.substring(1)).build()).isNotNull();
    }

    @Test
    void commandAndEnvironmentOverArgMax() throws Exception {
        long stack = SYS.getrlimit(ResourceLimit.STACK.resource())[0];
        long limit = stack == -1 ? 6 << 20 : Math.max(Math.min(stack / 4, 6 << 20), 128 << 10);
        List<String> cmd = new ArrayList<>(List.of("/bin/true"));
        String chunk = "b".repeat(100_000);
        for (long n = 0; n <= limit; n += chunk.length()) {
            cmd.add(chunk);
        }
        assertThatThrownBy(() -> Sandbox.builder().command(cmd).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the command and environment take")
                .hasMessageContaining("execve accepts at most " + limit)
                .hasMessageContaining("pass large data through a file or stdin");
        // the program's own stack rlimit is what counts: 1 MiB leaves 256 KiB
        List<String> small = List.of("/bin/true", chunk, chunk, chunk);
        assertThatThrownBy(() -> Sandbox.builder().rlimit(ResourceLimit.STACK, 1 << 20, 1 << 20)
                .command(small).build())
                .hasMessageContaining("execve accepts at most 262144 here")
                .hasMessageContaining("stack rlimit 1048576");
        assertThat(Sandbox.builder().command(small).build()).isNotNull();
    }

    @Test
    void writableRootOfTheHostAndWritableKernelTrees() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("root"), Path.of("/"));
        for (Path root : List.of(Path.of("/"), Path.of("/."), link)) {
            assertThatThrownBy(() -> Sandbox.builder().rootfs(root, true))
                    .as(root.toString()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rootfs " + root).hasMessageContaining("is the host's root")
                    .hasMessageContaining("hostRootReadOnly()");
        }
        assertThatThrownBy(() -> Sandbox.builder().bind(Path.of("/proc/sys"), "/host-sys"))
                .hasMessageContaining("bind source /proc/sys is the host's /proc or below it");
        assertThatThrownBy(() -> Sandbox.builder().bind(tmp, "/sys/fs/x"))
                .hasMessageContaining("bind target /sys/fs/x is below /sys");
    }
}
