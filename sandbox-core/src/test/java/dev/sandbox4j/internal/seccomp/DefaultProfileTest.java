package dev.sandbox4j.internal.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.internal.seccomp.BpfInterpreter.SeccompData;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decisions of the compiled default profile, on both architectures. */
class DefaultProfileTest {
    static final SeccompAction EPERM = SeccompAction.errno(1);
    static final SeccompAction ENOSYS = SeccompAction.errno(38);
    static final long CLONE_NEWUSER = 0x10000000L, CLONE_THREAD_FLAGS = 0x3d0f00L, SIGCHLD = 17;

    static SeccompAction decide(SeccompProfile p, Arch arch, String call, long... args) {
        return decide(p, arch, arch.auditArch(), arch.syscalls().number(call).orElseThrow(), args);
    }

    static SeccompAction decide(SeccompProfile p, Arch arch, int auditArch, int nr, long... args) {
        long[] six = new long[6];
        System.arraycopy(args, 0, six, 0, args.length);
        SeccompData d = new SeccompData(nr, auditArch, 0x401000, six);
        SeccompAction compiled = ReferenceEvaluator.decode(BpfInterpreter.run(SeccompCompiler.compile(p, arch), d));
        assertThat(compiled).as("compiled vs reference").isEqualTo(ReferenceEvaluator.decide(p, arch, d));
        return compiled;
    }

    static SeccompAction decide(Arch arch, String call, long... args) {
        return decide(SeccompProfile.defaultProfile(), arch, call, args);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void cloneWithNamespaceFlagsIsDeniedThreadsAndForksAreNot(Arch arch) {
        assertThat(decide(arch, "clone", CLONE_NEWUSER | SIGCHLD)).isEqualTo(EPERM);
        assertThat(decide(arch, "clone", 0x20000000L /* NEWPID */)).isEqualTo(EPERM);
        assertThat(decide(arch, "clone", 0x00020000L /* NEWNS */)).isEqualTo(EPERM);
        assertThat(decide(arch, "clone", CLONE_THREAD_FLAGS)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "clone", SIGCHLD)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "clone", 0x01200000L | SIGCHLD /* glibc fork */)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "clone", CLONE_NEWUSER | 1L << 32)).isEqualTo(EPERM);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void clone3FailsWithEnosysSoLibcFallsBack(Arch arch) {
        assertThat(decide(arch, "clone3", 0)).isEqualTo(ENOSYS);
        SeccompProfile kill = SeccompProfile.defaultProfile().withDefaultDenyAction(SeccompAction.KILL_PROCESS);
        assertThat(decide(kill, arch, "clone3", 0)).isEqualTo(ENOSYS);
        assertThat(decide(kill, arch, "unshare", 0)).isEqualTo(SeccompAction.KILL_PROCESS);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void tiocstiAndTioclinuxAreDeniedWhateverTheHighBits(Arch arch) {
        assertThat(decide(arch, "ioctl", 0, 0x5412)).isEqualTo(EPERM);
        assertThat(decide(arch, "ioctl", 0, 0x5412 | 1L << 32)).isEqualTo(EPERM);
        assertThat(decide(arch, "ioctl", 0, 0x5412 | 0xffffffff00000000L)).isEqualTo(EPERM);
        assertThat(decide(arch, "ioctl", 0, 0x541c)).isEqualTo(EPERM);
        assertThat(decide(arch, "ioctl", 0, 0x541c | 1L << 40)).isEqualTo(EPERM);
        assertThat(decide(arch, "ioctl", 0, 0x5413 /* TIOCGWINSZ */)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "ioctl", 0, 0x5401 /* TCGETS */)).isEqualTo(SeccompAction.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void rawPacketAlgAndVsockSocketsAreDenied(Arch arch) {
        long afInet = 2, afInet6 = 10, afUnix = 1, sockStream = 1, sockDgram = 2, sockRaw = 3;
        long cloexec = 0x80000, nonblock = 0x800;
        assertThat(decide(arch, "socket", afInet, sockRaw | cloexec)).isEqualTo(EPERM);
        assertThat(decide(arch, "socket", afInet6, sockRaw | nonblock)).isEqualTo(EPERM);
        assertThat(decide(arch, "socket", afInet, 10 /* SOCK_PACKET */)).isEqualTo(EPERM);
        assertThat(decide(arch, "socket", 17, sockDgram)).isEqualTo(EPERM);   // AF_PACKET
        assertThat(decide(arch, "socket", 38, 5)).isEqualTo(EPERM);           // AF_ALG
        assertThat(decide(arch, "socket", 40, sockStream)).isEqualTo(EPERM);  // AF_VSOCK
        assertThat(decide(arch, "socket", 38 | 1L << 32, 5)).isEqualTo(EPERM);
        assertThat(decide(arch, "socket", afInet, sockStream)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "socket", afInet6, sockDgram | cloexec)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "socket", afUnix, sockStream | cloexec)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(arch, "socket", afInet | 1L << 32, sockRaw)).isEqualTo(EPERM); // high bits ignored
        // netlink is SOCK_RAW by design and reaches no wire: ip(8) needs it
        assertThat(decide(arch, "socket", 16 /* AF_NETLINK */, sockRaw | cloexec)).isEqualTo(SeccompAction.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void onlyHarmlessPersonalitiesAreAllowed(Arch arch) {
        for (long ok : new long[] {0x0, 0x8, 0x20000, 0x20008, 0xffffffffL, 0xffffffffL | 1L << 32}) {
            assertThat(decide(arch, "personality", ok)).as("0x%x", ok).isEqualTo(SeccompAction.ALLOW);
        }
        for (long bad : new long[] {0x400000 /* READ_IMPLIES_EXEC */, 0x40000 /* ADDR_NO_RANDOMIZE */, 0x1, 0x20001}) {
            assertThat(decide(arch, "personality", bad)).as("0x%x", bad).isEqualTo(EPERM);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyListedCallIsDeniedWhereItExists(Arch arch) {
        int present = 0;
        for (String call : DefaultProfile.DENIED) {
            if (arch.syscalls().number(call).isPresent()) {
                present++;
                assertThat(decide(arch, call)).as(call).isEqualTo(EPERM);
            }
        }
        assertThat(present).isGreaterThan(40);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void ordinaryCallsAreAllowed(Arch arch) {
        for (String call : new String[] {"read", "write", "openat", "close", "mmap", "execve", "exit_group",
                "futex", "wait4", "pipe2", "getdents64", "statx", "rt_sigaction", "setsid", "prctl"}) {
            assertThat(decide(arch, call, 1, 2, 3)).as(call).isEqualTo(SeccompAction.ALLOW);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void foreignArchitecturesAreKilled(Arch arch) {
        SeccompProfile p = SeccompProfile.defaultProfile();
        for (int foreign : new int[] {0x40000003 /* i386 */, 0x40000028 /* arm */, 0xC00000F3 /* riscv64 */,
                arch == Arch.X86_64 ? Arch.AARCH64.auditArch() : Arch.X86_64.auditArch()}) {
            assertThat(decide(p, arch, foreign, 0)).isEqualTo(SeccompAction.KILL_PROCESS);
        }
        assertThat(decide(SeccompProfile.allowAll(), arch, 0x40000003, 0)).isEqualTo(SeccompAction.KILL_PROCESS);
    }

    @org.junit.jupiter.api.Test
    void x32CallsGetTheDenyAction() {
        SeccompProfile p = SeccompProfile.defaultProfile();
        int x32Read = 0x40000000;
        assertThat(decide(p, Arch.X86_64, Arch.X86_64.auditArch(), x32Read)).isEqualTo(EPERM);
        assertThat(decide(p, Arch.X86_64, Arch.X86_64.auditArch(), 0x40000000 | 59)).isEqualTo(EPERM);
        assertThat(decide(p, Arch.X86_64, Arch.X86_64.auditArch(), -1)).isEqualTo(EPERM);
        assertThat(decide(p.withDefaultDenyAction(SeccompAction.KILL_PROCESS), Arch.X86_64,
                Arch.X86_64.auditArch(), x32Read)).isEqualTo(SeccompAction.KILL_PROCESS);
        assertThat(decide(SeccompProfile.allowAll(), Arch.X86_64, Arch.X86_64.auditArch(), x32Read)).isEqualTo(EPERM);
        // aarch64 has no x32: a large number is just an unknown call, allowed to fail with ENOSYS
        assertThat(decide(p, Arch.AARCH64, Arch.AARCH64.auditArch(), 0x40000000)).isEqualTo(SeccompAction.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void defaultProfileIsSmallAndFast(Arch arch) {
        byte[] program = SeccompCompiler.compile(SeccompProfile.defaultProfile(), arch);
        assertThat(program.length / 8).isLessThan(400);
        long[] none = new long[6];
        int read = arch.syscalls().number("read").orElseThrow();
        int steps = BpfInterpreter.execute(program, new SeccompData(read, arch.auditArch(), 0, none)).steps();
        assertThat(steps).as("instructions run for read()").isLessThan(16);
    }

    @org.junit.jupiter.api.Test
    void killSwitchTurnsEveryDenialIntoAKill() {
        SeccompProfile kill = SeccompProfile.defaultProfile().withDefaultDenyAction(SeccompAction.KILL_PROCESS);
        assertThat(decide(kill, Arch.X86_64, "ptrace")).isEqualTo(SeccompAction.KILL_PROCESS);
        assertThat(decide(kill, Arch.X86_64, "ioctl", 0, 0x5412)).isEqualTo(SeccompAction.KILL_PROCESS);
        assertThat(decide(kill, Arch.X86_64, "personality", 0x0)).isEqualTo(SeccompAction.ALLOW);
        assertThat(decide(kill, Arch.X86_64, "read")).isEqualTo(SeccompAction.ALLOW);
    }
}
