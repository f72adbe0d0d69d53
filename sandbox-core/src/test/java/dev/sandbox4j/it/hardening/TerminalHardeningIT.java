package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A program with a terminal (tty(true)) still cannot push input into it
 * with TIOCSTI: the default profile denies it on a real terminal too, where
 * it would otherwise work.
 */
class TerminalHardeningIT {

    private static String tiocsti(SandboxBuilder b) throws Exception {
        try (SandboxProcess p = Probe.in(b.tty(true), "calls", "ioctl_tiocsti").start()) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.result().join().succeeded()).as(out).isTrue();
            return out.strip();
        }
    }

    @Test
    void tiocstiIsDeniedOnTheSandboxsOwnTerminal() throws Exception {
        assertThat(tiocsti(Sandbox.builder())).isEqualTo("ioctl_tiocsti -1 " + DefaultSeccompProfileIT.EPERM);
    }

    @Test
    void withoutTheFilterTiocstiWorksOnIt() throws Exception {
        // Linux 6.2+ can turn TIOCSTI off for everyone (dev.tty.legacy_tiocsti = 0): nothing to compare with then
        Path legacy = Path.of("/proc/sys/dev/tty/legacy_tiocsti");
        Assumptions.assumeFalse(Files.exists(legacy) && Files.readString(legacy).strip().equals("0"),
                "TIOCSTI is disabled on this host (dev.tty.legacy_tiocsti = 0)");
        // the terminal is the probe's controlling terminal: without the filter the ioctl works
        assertThat(tiocsti(Sandbox.builder().seccomp(null))).isEqualTo("ioctl_tiocsti 0 0");
    }
}
