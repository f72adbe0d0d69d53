package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.seccomp.Arch;
import dev.sandbox4j.internal.sys.LinuxSyscalls;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other architecture's shim (aarch64 on an x86_64 host) run under
 * qemu-user ({@code qemu-aarch64-static}, Debian's qemu-user-static) through
 * the real launcher: it starts as the server, forks away, takes a launch
 * request with its fds over the socket, reads the plan and reports a status
 * record on the status pipe. What cannot run under qemu-user: cloning the
 * sandbox's init with namespace flags (qemu refuses CLONE_NEW*), so the
 * record is the failed clone, named with its step and errno. CI
 * ({@code SANDBOX4J_ALL_ARCHES=1}) requires qemu and the shim; elsewhere the
 * test is skipped without them.
 */
class EmulatedShimIT {

    @Test
    void theOtherArchitecturesShimStartsReadsAPlanAndReportsAStatus(@TempDir Path dir) throws Exception {
        Arch other = Arch.current() == Arch.X86_64 ? Arch.AARCH64 : Arch.X86_64;
        Path qemu = Path.of("/usr/bin/qemu-" + other + "-static");
        boolean ready = Files.isExecutable(qemu) && ShimBinary.class.getResource(ShimBinary.resourceName(other)) != null;
        if ("1".equals(System.getenv("SANDBOX4J_ALL_ARCHES"))) {
            assertThat(ready).as(qemu + " and the " + other + " shim (CI installs qemu-user-static)").isTrue();
        }
        assumeTrue(ready, "needs " + qemu + " (apt-get install qemu-user-static) and the " + other + " shim");

        Path shim = dir.resolve("sandbox4j-shim-" + other);
        Files.write(shim, ShimBinary.bytes(other));
        Path wrapper = dir.resolve("run-under-qemu");
        // argv[0] is "sandbox4j", then "--server": the wrapper passes "--server" on
        Files.writeString(wrapper, "#!/bin/sh\nexec " + qemu + " " + shim + " \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

        LaunchSpec spec = LaunchSpec.builder().command(List.of("/bin/true"))
                .namespaces(Set.of(Namespace.PID, Namespace.USER)).rootless(LinuxSyscalls.INSTANCE.geteuid() != 0)
                .hostIds(65534, 65534).changeIds(true).environment(Map.of("PATH", "/bin"))
                .stdin(Redirect.DISCARD).stdout(Redirect.DISCARD).stderr(Redirect.DISCARD)
                .timeout(Duration.ofSeconds(20))
                .idPolicy(dev.sandbox4j.internal.ids.IdPolicy.resolve(null, 1L, false, Map.of())).build();
        int euid = LinuxSyscalls.INSTANCE.geteuid();
        byte[] plan = PlanEncoder.encode(spec, new dev.sandbox4j.HostIds(euid == 0 ? 65534 : euid,
                euid == 0 ? 65534 : LinuxSyscalls.INSTANCE.getegid(), 1), null, List.of()).bytes();
        ShimServer server = new ShimServer(SandboxRuntime.system(),
                sys -> new ShimBinary(-1, wrapper.toString(), "emulated " + other));
        try {
            assertThatThrownBy(() -> new ShimClient(SandboxRuntime.system(), server).launch(spec, plan, null, List.of()))
                    .isInstanceOfSatisfying(SandboxStartException.class, e -> {
                        System.out.println("emulated " + other + " shim reported: " + e.getMessage());
                        // the plan's namespaces reached clone (CLONE_NEWUSER | CLONE_NEWPID), which qemu-user refuses
                        assertThat(e.step()).as("a record from the emulated shim: " + e.getMessage()).isEqualTo("clone");
                        assertThat(e.errno()).as(e.getMessage()).isEqualTo(22); // EINVAL
                        assertThat(e.getMessage()).contains("flags 0x30000000");
                    });
        } finally {
            server.close(); // end of file on its socket: the emulated server exits
        }
    }
}
