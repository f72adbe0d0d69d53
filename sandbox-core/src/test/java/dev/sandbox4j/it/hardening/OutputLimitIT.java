package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.it.Run;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Output limits on the program's pipes, and RLIMIT_FSIZE on files, end as OUTPUT_LIMIT. Root and rootless. */
class OutputLimitIT {
    private static final int MIB = 1 << 20;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void yesUnderAOneMebibyteLimitDeliversAtMostThatAndEndsOutputLimit() throws Exception {
        long before = usedHeap();
        long delivered = 0;
        SandboxResult r;
        try (SandboxProcess p = Sandbox.builder().outputLimit("1M").timeout(Duration.ofSeconds(60))
                .command("/usr/bin/yes").start()) {
            byte[] buf = new byte[8192];
            InputStream in = p.getInputStream();
            for (int n; (n = in.read(buf)) > 0;) {
                delivered += n;
            }
            r = p.result().join();
        }
        long grown = usedHeap() - before;
        assertThat(r.status()).as(r.toString()).isEqualTo(SandboxStatus.OUTPUT_LIMIT);
        assertThat(r.signal()).as("the library killed it").hasValue(9);
        assertThat(delivered).as("bytes delivered").isEqualTo(MIB); // yes never stops short of it
        assertThat(grown).as("heap growth in bytes").isLessThan(4L * MIB);
    }

    @Test
    void aProgramWritingLessThanItsLimitEndsNormallyWithAllItsOutput() throws Exception {
        Run run = Run.sh(Sandbox.builder().outputLimit("2M").stderrLimit(MemorySize.ofBytes(10)),
                "head -c 1048576 /dev/zero; printf 0123456789 >&2");
        assertThat(run.result().status()).as(run.result().toString()).isEqualTo(SandboxStatus.EXITED);
        assertThat(run.stdout()).hasSize(MIB);
        assertThat(run.stderr()).isEqualTo("0123456789");
    }

    @Test
    void stderrOverItsOwnLimitEndsOutputLimitWithStdoutUnlimited() throws Exception {
        Run run = Run.sh(Sandbox.builder().stderrLimit(MemorySize.ofBytes(10)).timeout(Duration.ofSeconds(60)),
                "echo out; while :; do echo err >&2; done");
        assertThat(run.result().status()).as(run.toString()).isEqualTo(SandboxStatus.OUTPUT_LIMIT);
        assertThat(run.stderr()).as("exactly 10 bytes").isEqualTo("err\nerr\ner");
        assertThat(run.stdout()).isEqualTo("out\n");
    }

    @Test
    void outputOverTheLimitLeftInThePipeAtExitIsCountedBeforeTheResult() throws Exception {
        try (SandboxProcess p = Sandbox.builder().stdoutLimit(MemorySize.ofBytes(1000))
                .command("/usr/bin/head", "-c", "2000", "/dev/zero").start()) {
            SandboxResult r = p.result().join(); // nobody read while it ran
            assertThat(r.status()).as(r.toString()).isEqualTo(SandboxStatus.OUTPUT_LIMIT);
            assertThat(r.exitCode()).as("it had exited by itself").hasValue(0);
            assertThat(p.getInputStream().readAllBytes()).hasSize(1000);
        }
    }

    @Test
    void aFileWriteOverRlimitFsizeEndsOutputLimit() throws Exception {
        Run run = Run.of(Sandbox.builder().rlimit(ResourceLimit.FSIZE, MIB, MIB).timeout(Duration.ofSeconds(60))
                .command("/bin/dd", "if=/dev/zero", "of=/tmp/big", "bs=65536", "count=64"));
        assertThat(run.result().status()).as(run.toString()).isEqualTo(SandboxStatus.OUTPUT_LIMIT);
        assertThat(run.result().signal()).as("SIGXFSZ").hasValue(25);
    }
}
