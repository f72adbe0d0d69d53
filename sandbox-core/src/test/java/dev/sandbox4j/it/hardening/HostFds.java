package dev.sandbox4j.it.hardening;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Fds of this JVM made with plain libc {@code open}: no O_CLOEXEC, so a child inherits them. */
final class HostFds {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle FCNTL = LINKER.downcallHandle(LINKER.defaultLookup().find("fcntl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    static final int F_GETFD = 1;
    static final int O_RDONLY = 0;

    private HostFds() {}

    /** {@code open(path, O_RDONLY)}: an inheritable fd. */
    static int openInheritable(String path) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path), O_RDONLY);
            if (fd < 0) {
                throw new IllegalStateException("open(" + path + ") failed");
            }
            return fd;
        }
    }

    /** The fd's flags (FD_CLOEXEC = 1), or -1 when it is not open. */
    static int fdFlags(int fd) throws Throwable {
        return (int) FCNTL.invokeExact(fd, F_GETFD);
    }

    static void close(int fd) throws Throwable {
        int rc = (int) CLOSE.invokeExact(fd);
        if (rc != 0) {
            throw new IllegalStateException("close(" + fd + ") failed");
        }
    }
}
