package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a default sandbox's program sees of its own privileges and fds. Root and rootless. */
class DefaultHardeningIT {

    @Test
    void statusShowsNoCapabilitiesNoNewPrivsAndASeccompFilter() throws Exception {
        Run r = Run.sh(Sandbox.builder(),
                "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status");
        assertThat(r.result().status()).as(r.toString()).isEqualTo(SandboxStatus.EXITED);
        Map<String, String> status = r.stdout().lines().map(l -> l.split(":\\s*", 2))
                .collect(Collectors.toMap(a -> a[0], a -> a[1].strip()));
        assertThat(status).as(r.toString()).containsOnlyKeys("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb",
                "NoNewPrivs", "Seccomp");
        for (String set : new String[] {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}) {
            assertThat(status.get(set)).as(set).isEqualTo("0000000000000000");
        }
        assertThat(status.get("NoNewPrivs")).isEqualTo("1");
        assertThat(status.get("Seccomp")).as("2 = filter mode").isEqualTo("2");
    }

    @Test
    void onlyStdioIsOpenEvenWhenTheJvmHoldsInheritableFds() throws Throwable {
        int a = HostFds.openInheritable("/dev/null");
        int b = HostFds.openInheritable("/etc/passwd");
        try {
            assertThat(HostFds.fdFlags(a)).as("fd %d has no FD_CLOEXEC", a).isZero();
            assertThat(HostFds.fdFlags(b)).as("fd %d has no FD_CLOEXEC", b).isZero();

            Run probe = Run.of(Probe.builder("fds"));
            assertThat(probe.result().succeeded()).as(probe.toString()).isTrue();
            assertThat(probe.stdout().lines()).as(probe.toString()).containsExactly("0", "1", "2");

            // the shell's view: its own fds, listed by ls in a child
            Run sh = Run.sh(Sandbox.builder(), "ls /proc/$$/fd");
            assertThat(sh.stdout().lines()).as(sh.toString()).containsExactlyInAnyOrder("0", "1", "2");
        } finally {
            HostFds.close(a);
            HostFds.close(b);
        }
    }

    @Test
    void passFdMakesExactlyThatFdAppear(@TempDir Path tmp) throws Throwable {
        Path secret = tmp.resolve("only-on-the-host");
        Files.writeString(secret, "from the host");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        int a = HostFds.openInheritable("/dev/null");
        int b = HostFds.openInheritable(secret.toString());
        try {
            Run r = Run.of(Probe.in(Sandbox.builder().passFd(b), "fds"));
            assertThat(r.result().succeeded()).as(r.toString()).isTrue();
            assertThat(r.stdout().lines()).as(r.toString()).containsExactly("0", "1", "2", String.valueOf(b));

            // it is the JVM's open file: the sandbox cannot see the host's /tmp, yet reads it through the fd
            Run cat = Run.sh(Sandbox.builder().passFd(b), "cat /proc/self/fd/" + b + "; test -e " + secret
                    + " || echo ' (path not visible)'");
            assertThat(cat.stdout()).as(cat.toString()).isEqualTo("from the host (path not visible)\n");
        } finally {
            HostFds.close(a);
            HostFds.close(b);
        }
    }
}
