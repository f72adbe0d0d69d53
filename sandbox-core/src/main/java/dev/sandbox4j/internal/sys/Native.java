package dev.sandbox4j.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Shared FFM plumbing for the binding classes: the linker, libc lookup and
 * the errno capture that every downcall uses.
 */
final class Native {
    private Native() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    /** A libc function whose errno is captured into the first argument segment. */
    static MethodHandle libc(String name, FunctionDescriptor fd) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, fd, CAPTURE_ERRNO);
    }

    /** A libc function that cannot fail (geteuid, ...): no errno capture. */
    static MethodHandle infallible(String name, FunctionDescriptor fd) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, fd);
    }

    /** A variadic libc function (syscall, fcntl, ...): fixed args before {@code firstVariadic}. */
    static MethodHandle libcVariadic(String name, FunctionDescriptor fd, int firstVariadic) {
        MemorySegment addr = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(addr, fd, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(firstVariadic));
    }

    /** A per-call errno slot; allocate it from the call's arena. */
    static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** One downcall, given a call-scoped arena and the errno slot to pass first. */
    @FunctionalInterface
    interface Call {
        long invoke(Arena arena, MemorySegment errno) throws Throwable;
    }

    /**
     * Runs a downcall that returns -1 and sets errno on failure, retrying on
     * EINTR, and turns any other failure into a {@link SyscallException}
     * naming {@code name} and {@code detail}.
     */
    static long call(String name, String detail, Call call) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment err = errnoSlot(arena);
            for (;;) {
                long r = call.invoke(arena, err);
                if (r >= 0) {
                    return r;
                }
                int errno = errno(err);
                if (errno != Errno.EINTR) {
                    throw new SyscallException(name, errno, detail);
                }
            }
        } catch (SyscallException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    static final boolean X86_64 = System.getProperty("os.arch").equals("amd64")
            || System.getProperty("os.arch").equals("x86_64");
}
