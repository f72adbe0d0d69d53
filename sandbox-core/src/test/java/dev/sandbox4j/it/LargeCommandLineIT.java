package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command line the kernel accepts runs, however large its plan: one over
 * 1 MiB used to fail with {@code fcntl ... cmd 1031: EPERM} (growing the plan
 * pipe past pipe-max-size), as root without CAP_SYS_RESOURCE and rootless.
 * What the kernel would refuse is refused by build() (BuildRefusalsTest).
 */
class LargeCommandLineIT {
    @Test
    void aCommandLineOfOnePointFiveMegabytesRuns() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "n=0; for a; do n=$((n + ${#a})); done; echo $# $n", "sh"));
        for (int i = 0; i < 15; i++) {
            cmd.add(String.valueOf((char) ('a' + i)).repeat(100_000));
        }
        Run r = Run.of(Sandbox.builder().command(cmd));
        assertThat(r.result().succeeded()).as("%s", r).isTrue();
        assertThat(r.stdout()).isEqualTo("15 1500000\n");
    }
}
