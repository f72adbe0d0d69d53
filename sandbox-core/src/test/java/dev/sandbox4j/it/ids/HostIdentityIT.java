package dev.sandbox4j.it.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * As root, each sandbox's user namespace is created as a host id range of its own: the kernel charges
 * that range, not host root, for what the sandbox holds, and caps its processes.
 */
class HostIdentityIT {
    /** Creates inotify instances, then POSIX mqueues, until the kernel refuses; reports both; waits. */
    private static final String HOARD = """
            import ctypes, os, sys
            libc = ctypes.CDLL(None, use_errno=True)
            n = 0
            while n < 1000 and libc.inotify_init1(0) >= 0:
                n += 1
            ino_err = ctypes.get_errno()
            m = 0
            while m < 64 and libc.mq_open(("/sbx%d" % m).encode(), os.O_CREAT | os.O_RDWR, 0o600, None) >= 0:
                m += 1
            mq_err = ctypes.get_errno()
            print("inotify", n, ino_err, "mqueue", m, mq_err, flush=True)
            sys.stdin.read()
            """;

    /** One inotify instance and one default mqueue, on the host: "ok" or what failed. */
    private static final String HOST_CAN = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(0)
            if fd < 0: print("inotify", ctypes.get_errno()); raise SystemExit
            name = ("/sbx-host-%d" % os.getpid()).encode()
            q = libc.mq_open(name, os.O_CREAT | os.O_RDWR, 0o600, None)
            if q < 0: print("mqueue", ctypes.get_errno()); raise SystemExit
            libc.mq_unlink(name)
            print("ok")
            """;

    @BeforeAll
    static void asRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "host id ranges are for sandboxes started as root");
    }

    @Test
    void whatTheSandboxHoldsIsChargedToItsOwnIdsNotToHostRoot() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/usr/bin/python3", "-c", HOARD).start()) {
            String line = firstLine(p);
            String[] f = line.split(" ");
            assertThat(f[0]).isEqualTo("inotify");
            int limit = Integer.parseInt(onHost("/bin/cat", "/proc/sys/fs/inotify/max_user_instances"));
            assertThat(Integer.parseInt(f[1])).as(line).isEqualTo(limit); // its own ids' whole allowance
            assertThat(f[2]).as("EMFILE once the allowance is used up: " + line).isEqualTo("24");
            assertThat(Integer.parseInt(f[4])).as(line).isGreaterThanOrEqualTo(8); // ~10 of 80 KiB in 800 KiB
            assertThat(f[5]).as("EMFILE once RLIMIT_MSGQUEUE is used up: " + line).isEqualTo("24");
            // While the sandbox holds all of that, host root can still create both.
            assertThat(onHost("/usr/bin/python3", "-c", HOST_CAN)).isEqualTo("ok");
        }
    }

    @Test
    void twoRunningSandboxesHaveDisjointHostRangesInTheirInitsUidMap() throws Exception {
        try (SandboxProcess a = Sandbox.builder().command("/bin/cat").start();
                SandboxProcess b = Sandbox.builder().command("/bin/cat").start()) {
            long[] ma = map(a.pid(), "uid_map"), mb = map(b.pid(), "uid_map");
            assertThat(ma[0]).isZero();
            assertThat(ma[2]).isEqualTo(65536);
            assertThat(mb[2]).isEqualTo(65536);
            assertThat(ma[1] + ma[2] <= mb[1] || mb[1] + mb[2] <= ma[1])
                    .as("ranges %d+%d and %d+%d overlap", ma[1], ma[2], mb[1], mb[2]).isTrue();
            assertThat(ma[1]).isGreaterThanOrEqualTo(1L << 31).as("outside every id real users get");
            assertThat(a.hostIds()).contains(new HostIds(ma[1], map(a.pid(), "gid_map")[1], 65536));
            assertThat(b.hostIds()).contains(new HostIds(mb[1], map(b.pid(), "gid_map")[1], 65536));
            // the init itself runs as the range's first id, not as host root
            assertThat(Files.readAllLines(Path.of("/proc/" + a.pid() + "/status")))
                    .anyMatch(l -> l.matches("Uid:\\s+" + ma[1] + "\\s+" + ma[1] + "\\s+" + ma[1] + "\\s+" + ma[1]));
            a.getOutputStream().close();
            b.getOutputStream().close();
            assertThat(a.result().join().hostIds()).isEqualTo(a.hostIds());
        }
    }

    @Test
    void aForkBombStopsAtTheDefaultCapAndTheHostCanStillSpawn() throws Exception {
        String bomb = """
                import os, sys
                r, w = os.pipe()
                n = 0
                while n < 5000:
                    try:
                        pid = os.fork()
                    except OSError as e:
                        print("forked", n, e.errno, flush=True)
                        break
                    if pid == 0:
                        os.close(w)
                        os.read(r, 1)
                        os._exit(0)
                    n += 1
                else:
                    print("forked", n, 0, flush=True)
                sys.stdin.read()
                """;
        try (SandboxProcess p = Sandbox.builder().command("/usr/bin/python3", "-c", bomb).start()) {
            String[] f = firstLine(p).split(" ");
            int forked = Integer.parseInt(f[1]);
            assertThat(f[2]).as("EAGAIN").isEqualTo("11");
            // 1024 processes of the program's (python and 1023 children) beside the init
            assertThat(forked).isEqualTo(1023);
            assertThat(onHost("/bin/echo", "spawned")).isEqualTo("spawned");
        }
    }

    @Test
    void aPinnedRangeThatIsTakenGivesAClearErrorBeforeAnythingRuns() throws Exception {
        SandboxBuilder one = Sandbox.builder().hostIdRange(2_900_262_144L, 65536).command("/bin/cat");
        Sandbox box = one.build();
        try (SandboxProcess p = box.start()) {
            assertThat(p.hostIds()).contains(new HostIds(2_900_262_144L, 2_900_262_144L, 65536));
            assertThatThrownBy(box::start).isInstanceOf(SandboxStartException.class)
                    .hasMessageContaining("no free range of 65536 host ids left in 2900262144..2900327679")
                    .hasMessageContaining("sandbox4j.hostIdRange");
            p.getOutputStream().close();
            p.result().join();
        }
        try (SandboxProcess again = box.start()) { // free once the first has ended
            again.getOutputStream().close();
            assertThat(again.result().join().succeeded()).isTrue();
        }
    }

    @Test
    void onlyRootInsideIsMappedWithOneIdPerSandbox() throws Exception {
        try (SandboxProcess p = Sandbox.builder().hostIdsPerSandbox(1).command("/bin/cat").start()) {
            long[] m = map(p.pid(), "uid_map");
            assertThat(m[0]).isZero();
            assertThat(m[2]).isEqualTo(1);
            p.getOutputStream().close();
            p.result().join();
        }
    }

    private static String firstLine(SandboxProcess p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("the sandbox printed nothing: %s", new String(p.getErrorStream().readNBytes(
                p.getErrorStream().available()), StandardCharsets.UTF_8)).isNotNull();
        return line;
    }

    private static String onHost(String... cmd) throws Exception {
        Process h = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(h.waitFor()).as(out).isZero();
        return out;
    }

    /** The one line of /proc/PID/uid_map (or gid_map): inside start, host start, count. */
    private static long[] map(long pid, String which) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/" + which));
        assertThat(lines).hasSize(1);
        String[] f = lines.get(0).trim().split("\\s+");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }
}
