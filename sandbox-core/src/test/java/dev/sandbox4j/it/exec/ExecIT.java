package dev.sandbox4j.it.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.cgroups.CgroupHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** exec(): a second program inside a running sandbox, checked from inside and from the host. */
class ExecIT {
    private static final String STATUS = "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Seccomp_filters):' "
            + "/proc/self/status";

    /** A sandbox whose program prints what it sees, then END, then sleeps. */
    private static SandboxProcess box(dev.sandbox4j.SandboxBuilder b, String first) throws Exception {
        return b.command("/bin/sh", "-c", first + "; echo END; exec sleep 600").start();
    }

    private static String untilEnd(SandboxProcess p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder();
        for (String line; (line = r.readLine()) != null && !line.equals("END"); ) {
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static String run(SandboxProcess box, ExecSpec e) throws Exception {
        try (SandboxProcess p = box.exec(e)) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            SandboxResult r = p.result().get(30, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(out + new String(p.getErrorStream().readAllBytes())).hasValue(0);
            return out;
        }
    }

    @Test
    void theExecdProgramSeesTheSameSandboxAndRunsUnderTheSameHardening() throws Exception {
        try (SandboxProcess box = box(Sandbox.builder().hostname("box"), "echo hi > /tmp/mark; " + STATUS)) {
            String firstStatus = untilEnd(box);
            String out = run(box, ExecSpec.of("/bin/sh", "-c",
                    "cat /proc/1/comm; hostname; readlink /proc/self/ns/mnt; cat /tmp/mark; ps -e -o comm="));
            String mnt = Files.readSymbolicLink(Path.of("/proc/" + box.pid() + "/ns/mnt")).toString();
            assertThat(out).startsWith("sandbox4j-init\nbox\n" + mnt + "\nhi\n");
            assertThat(out.lines().skip(4)).contains("sandbox4j-init", "sleep", "sh", "ps");

            String status = run(box, ExecSpec.of("/bin/sh", "-c", STATUS));
            assertThat(status).isEqualTo(firstStatus).contains("NoNewPrivs:\t1").containsPattern("Seccomp:\\s+2")
                    .contains("CapEff:\t0000000000000000");

            // its own terminal, another one of the sandbox's devpts
            try (SandboxProcess t = box.exec(ExecSpec.of("tty").withTty(true))) {
                assertThat(new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                        .matches("/dev/pts/\\d+");
            }
            // its own environment, working directory and ids
            assertThat(run(box, ExecSpec.of("/bin/sh", "-c", "echo $A; pwd; id -u").withEnv("A", "1")
                    .withWorkDir("/tmp").withIds(0, 0))).isEqualTo("1\n/tmp\n0\n");
        }
    }

    @Test
    void killingTheSandboxEndsTheExecdProgramAndAnExecAfterTheEndIsRefused() throws Exception {
        try (SandboxProcess box = box(Sandbox.builder(), "true")) {
            untilEnd(box);
            SandboxProcess second = box.exec(ExecSpec.of("sleep", "600"));
            assertThat(second.isAlive()).isTrue();
            box.destroyForcibly();
            SandboxResult r = second.result().get(30, TimeUnit.SECONDS);
            assertThat(r.signal()).hasValue(9);
            box.result().get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> box.exec(ExecSpec.of("true"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the sandbox has ended");
        }
    }

    @Test
    void theExecdProgramsMemoryCountsAgainstTheSandboxsLimit() throws Exception {
        assumeTrue(CgroupHost.detect().isAvailable(), "needs a writable cgroup");
        try (SandboxProcess box = box(Sandbox.builder().memory("64M").memorySwap("0"), "true")) {
            untilEnd(box);
            box.pause();
            assertThatThrownBy(() -> box.exec(ExecSpec.of("true"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("paused");
            box.resume();
            try (SandboxProcess big = box.exec(ExecSpec.of("dd", "if=/dev/zero", "of=/dev/null", "bs=100M",
                    "count=1"))) {
                SandboxResult r = big.result().get(30, TimeUnit.SECONDS);
                assertThat(r.signal()).as(new String(big.getErrorStream().readAllBytes())).hasValue(9);
            }
            assertThat(box.stats().orElseThrow().oomKills().orElse(0)).isGreaterThanOrEqualTo(1);
            assertThat(box.isAlive()).isTrue(); // the OOM killer took the exec'd program, not the sandbox
            // and 30 MiB fits
            assertThat(run(box, ExecSpec.of("dd", "if=/dev/zero", "of=/dev/null", "bs=30M", "count=1"))).isEmpty();
        }
    }
}
