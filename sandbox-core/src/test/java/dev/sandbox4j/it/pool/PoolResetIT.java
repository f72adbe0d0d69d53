package dev.sandbox4j.it.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Capability;
import dev.sandbox4j.PooledRun;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxPool;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.it.HostProcesses;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reset contract of a pooled sandbox, one item per test, each checked from
 * inside the next run of the same prepared sandbox (a pool of one, and the
 * mount namespace shows it is the same sandbox, reset in place, not a fresh one).
 */
class PoolResetIT {
    private static Sandbox plain() {
        return Sandbox.builder().command("/bin/true").build();
    }

    /** Root inside with CAP_SYS_ADMIN kept and no seccomp filter: the program can set the hostname and mount. */
    private static Sandbox privileged() {
        return Sandbox.builder().capabilities(Set.of(Capability.CAP_SYS_ADMIN)).seccomp(SeccompProfile.allowAll())
                .command("/bin/true").build();
    }

    @Test
    void filesWrittenToEveryWritableMountInRun1AreAbsentInRun2() throws Exception {
        try (SandboxPool pool = SandboxPool.of(plain(), 1)) {
            PooledRuns first = PooledRuns.sh(pool, "mkdir -p /tmp/a/b && echo x > /tmp/a/b/f && echo y > /tmp/.hidden"
                    + " && echo z > /run/r && echo w > /dev/shm/s && ln -s /etc /dev/mine && chmod 000 /tmp/a && "
                    + PooledRuns.SANDBOX_ID);
            assertThat(first.result().status()).as(first.toString()).isEqualTo(SandboxStatus.EXITED);
            PooledRuns second = PooledRuns.sh(pool, "ls -A /tmp /run /dev/shm; ls /dev; " + PooledRuns.SANDBOX_ID);
            assertThat(second.stdout()).as(second.toString()).startsWith("/dev/shm:\n\n/run:\n\n/tmp:\n");
            assertThat(second.stdout().split("\n")).as(second.toString()).doesNotContain("mine")
                    .contains("null", "urandom", "pts", "shm");
            assertThat(lastLine(second.stdout())).as("the same prepared sandbox").isEqualTo(lastLine(first.stdout()));
        }
    }

    @Test
    void aBackgroundProcessStartedWithSetsidInRun1IsGoneBeforeRun2Starts() throws Exception {
        String marker = "600." + System.nanoTime() % 1_000_000;
        try (SandboxPool pool = SandboxPool.of(plain(), 1)) {
            PooledRuns first = PooledRuns.sh(pool, "setsid /bin/sleep " + marker
                    + " </dev/null >/dev/null 2>&1 & sleep 0.1; ps -eo comm | grep -c '^sleep$'");
            assertThat(first.stdout().strip()).as("the escaped sleep ran: " + first).isEqualTo("1");
            // the result completes once the init reaped the whole run, the escaped sleep included
            assertThat(HostProcesses.withArgument(marker)).isEmpty();
            PooledRuns second = PooledRuns.sh(pool, "cat /proc/[0-9]*/comm");
            assertThat(second.stdout()).as(second.toString()).doesNotContain("sleep").contains("sandbox4j-init");
        }
    }

    @Test
    void sysvSharedMemoryAndAPosixMessageQueueOfRun1AreAbsentInRun2() throws Exception {
        String mq = "import ctypes, os; l = ctypes.CDLL(None, use_errno=True); "
                + "fd = l.mq_open(b'/judge', %s, 0o600, None); print('mq', fd, ctypes.get_errno())";
        try (SandboxPool pool = SandboxPool.of(plain(), 1)) {
            PooledRuns first = PooledRuns.sh(pool, "ipcmk -M 4096 >/dev/null && ipcs -m | grep -c '^0x'; "
                    + "/usr/bin/python3 -c \"" + mq.formatted("os.O_CREAT | os.O_RDWR") + "\"");
            assertThat(first.stdout()).as(first.toString()).startsWith("1\n").containsPattern("mq [0-9]+ 0");
            PooledRuns second = PooledRuns.sh(pool, "ipcs -m | grep -c '^0x'; "
                    + "/usr/bin/python3 -c \"" + mq.formatted("os.O_RDWR") + "\"");
            assertThat(second.stdout()).as(second.toString()).startsWith("0\n").contains("mq -1 2"); // ENOENT
        }
    }

    @Test
    void aHostnameSetInRun1IsBackToTheDefinedOneInRun2() throws Exception {
        try (SandboxPool pool = SandboxPool.of(privileged(), 1)) {
            PooledRuns first = PooledRuns.sh(pool, "hostname evil && hostname");
            assertThat(first.stdout().strip()).as(first.toString()).isEqualTo("evil");
            PooledRuns second = PooledRuns.sh(pool, "hostname");
            assertThat(second.stdout().strip()).as(second.toString()).isEqualTo("sandbox");
        }
    }

    @Test
    void theEnvironmentWorkingDirectoryAndFilesAreEachRunsOwn() throws Exception {
        try (SandboxPool pool = SandboxPool.of(plain(), 1)) {
            PooledRuns first = PooledRuns.of(pool, PooledRun.of("/bin/sh", "-c",
                    "echo $GREETING; pwd; cat /tmp/in/data.txt; umask; export LEFT=1; cd /tmp")
                    .env("GREETING", "hello").file("/tmp/in/data.txt", "42\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(first.stdout()).as(first.toString()).isEqualTo("hello\n/\n42\n0022\n");
            PooledRuns second = PooledRuns.sh(pool, "echo \"[$GREETING$LEFT]\"; pwd; ls -A /tmp; umask");
            assertThat(second.stdout()).as(second.toString()).isEqualTo("[]\n/\n0022\n");
        }
    }

    @Test
    void aSandboxWhoseResetFailsIsDiscardedAndTheNextRunStartsInAFreshOne() throws Exception {
        try (SandboxPool pool = SandboxPool.of(privileged(), 1)) {
            PooledRuns first = PooledRuns.sh(pool, "mount -t tmpfs added /etc && ls /etc | wc -l; "
                    + PooledRuns.SANDBOX_ID);
            assertThat(first.stdout()).as(first.toString()).startsWith("0\n");
            PooledRuns second = PooledRuns.sh(pool, "ls /etc | wc -l; grep -c ' /etc ' /proc/self/mountinfo; "
                    + PooledRuns.SANDBOX_ID);
            String[] lines = second.stdout().split("\n");
            assertThat(Integer.parseInt(lines[0])).as(second.toString()).isPositive(); // the host's /etc again
            assertThat(lines[1]).as("one mount at /etc: the read-only bind").isEqualTo("1");
            assertThat(lines[2]).as("a fresh sandbox, not the one with the mount").isNotEqualTo(lastLine(first.stdout()));
        }
    }

    @Test
    void closingThePoolWhileRunsAreActiveKillsThemWithSignal9() throws Exception {
        SandboxProcess a, b;
        try (SandboxPool pool = SandboxPool.of(plain(), 2)) {
            a = pool.start(PooledRun.of("/bin/sleep", "600").stdout(Redirect.DISCARD));
            b = pool.start(PooledRun.of("/bin/sleep", "600").stdout(Redirect.DISCARD));
            assertThat(a.isAlive()).isTrue();
        }
        for (SandboxProcess p : new SandboxProcess[] {a, b}) {
            assertThat(p.result().isDone()).as("close() returns once the runs are over").isTrue();
            assertThat(p.result().join().status()).isEqualTo(SandboxStatus.SIGNALED);
            assertThat(p.result().join().signal()).hasValue(9);
        }
    }

    @Test
    void aRunThatFailsToStartOrTimesOutLeavesTheSandboxServingTheNextRun() throws Exception {
        Sandbox timed = Sandbox.builder().timeout(java.time.Duration.ofMillis(500)).command("/bin/true").build();
        try (SandboxPool pool = SandboxPool.of(timed, 1)) {
            String before = lastLine(PooledRuns.sh(pool, PooledRuns.SANDBOX_ID).stdout());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.start("/no/such/program"))
                    .isInstanceOf(dev.sandbox4j.SandboxStartException.class).hasMessageContaining("/no/such/program");
            PooledRuns slow = PooledRuns.sh(pool, "sleep 30");
            assertThat(slow.result().status()).as(slow.toString()).isEqualTo(SandboxStatus.TIMED_OUT);
            PooledRuns after = PooledRuns.sh(pool, "echo ok; " + PooledRuns.SANDBOX_ID);
            assertThat(after.stdout()).as(after.toString()).startsWith("ok\n");
            assertThat(lastLine(after.stdout())).as("still the same prepared sandbox").isEqualTo(before);
        }
    }

    @Test
    void aDefinitionWhoseStateCouldNotBeResetIsRefusedNamingWhy() {
        Sandbox writableBind = Sandbox.builder().bind(java.nio.file.Path.of("/tmp"), "/data").command("/bin/true")
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxPool.of(writableBind, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/data")
                .hasMessageContaining("read-only");
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }
}
