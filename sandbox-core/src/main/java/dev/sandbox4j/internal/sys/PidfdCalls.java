package dev.sandbox4j.internal.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Process handles through raw syscalls: pidfd_open, pidfd_send_signal and
 * waitid(P_PIDFD) with the fifth rusage argument, which reaps and measures
 * in one race-free step.
 */
final class PidfdCalls {
    private PidfdCalls() {}

    private static final long SYS_PIDFD_OPEN = 434, SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_WAITID = Native.X86_64 ? 247 : 95;
    private static final int P_PIDFD = 3, WEXITED = 4, WNOHANG = 1;
    private static final int CLD_EXITED = 1;

    private static final MethodHandle SYSCALL3 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), 1);
    private static final MethodHandle SYSCALL5 = Native.libcVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), 1);

    static int pidfdOpen(int pid) throws SyscallException {
        return (int) Native.call("pidfd_open", "pid " + pid,
                (a, err) -> (long) SYSCALL3.invokeExact(err, SYS_PIDFD_OPEN, (long) pid, 0L, 0L));
    }

    static void sendSignal(int pidfd, int signal) throws SyscallException {
        Native.call("pidfd_send_signal", "signal " + signal,
                (a, err) -> (long) SYSCALL3.invokeExact(err, SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) signal, 0L));
    }

    static Syscalls.ExitInfo waitid(int pidfd, boolean noHang) throws SyscallException {
        Syscalls.ExitInfo[] out = new Syscalls.ExitInfo[1];
        Native.call("waitid", "pidfd " + pidfd, (a, err) -> {
            MemorySegment info = a.allocate(128, 8); // siginfo_t
            MemorySegment ru = a.allocate(144, 8); // struct rusage
            long r = (long) SYSCALL5.invokeExact(err, SYS_WAITID, (long) P_PIDFD, (long) pidfd, info,
                    (long) (WEXITED | (noHang ? WNOHANG : 0)), ru);
            if (r == 0 && info.get(JAVA_INT, 16) != 0) { // si_pid is 0 while it still runs
                out[0] = new Syscalls.ExitInfo(info.get(JAVA_INT, 8) == CLD_EXITED, info.get(JAVA_INT, 24),
                        micros(ru, 0), micros(ru, 16), ru.get(JAVA_LONG, 32));
            }
            return r;
        });
        return out[0];
    }

    private static long micros(MemorySegment timeval, long offset) {
        return timeval.get(JAVA_LONG, offset) * 1_000_000 + timeval.get(JAVA_LONG, offset + 8);
    }
}
