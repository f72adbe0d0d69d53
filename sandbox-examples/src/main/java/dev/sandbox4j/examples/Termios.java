package dev.sandbox4j.examples;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The user's terminal, through FFM: whether an fd is one, its size, and
 * raw mode with the saved settings to restore.
 */
final class Termios {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    /** glibc and musl: struct termios is 60 bytes (44 on musl's older layouts); generously sized. */
    private static final long TERMIOS_SIZE = 128;
    private static final int TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;

    private static final MethodHandle TCGETATTR = libc("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR =
            libc("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = LINKER.downcallHandle(
            LINKER.defaultLookup().find("cfmakeraw").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO_OPT,
            Linker.Option.firstVariadicArg(2));

    private final int fd;
    private final byte[] saved;

    private Termios(int fd, byte[] saved) {
        this.fd = fd;
        this.saved = saved;
    }

    private static MethodHandle libc(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d, ERRNO_OPT);
    }

    /** Whether {@code fd} is a terminal (tcgetattr works on it). */
    static boolean isTerminal(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return (int) TCGETATTR.invokeExact(a.allocate(CAPTURE), fd, a.allocate(TERMIOS_SIZE)) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The size of the terminal at {@code fd} as {columns, rows}, or null when it is none. */
    static int[] size(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8, 2);
            if ((int) IOCTL.invokeExact(a.allocate(CAPTURE), fd, TIOCGWINSZ, ws) != 0) {
                return null;
            }
            int rows = Short.toUnsignedInt(ws.get(JAVA_SHORT, 0)), cols = Short.toUnsignedInt(ws.get(JAVA_SHORT, 2));
            return cols > 0 && rows > 0 ? new int[] {cols, rows} : null;
        } catch (Throwable t) {
            throw new IllegalStateException("ioctl TIOCGWINSZ", t);
        }
    }

    /**
     * Puts the terminal at {@code fd} in raw mode (no echo, no line editing,
     * no signals from keys: Ctrl-C goes to the sandbox's terminal) and
     * returns what restores it.
     */
    static Termios raw(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(CAPTURE);
            MemorySegment t = a.allocate(TERMIOS_SIZE);
            if ((int) TCGETATTR.invokeExact(err, fd, t) != 0) {
                throw new IOException("tcgetattr on fd " + fd + ": errno " + (int) ERRNO.get(err, 0L));
            }
            byte[] saved = t.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            CFMAKERAW.invokeExact(t);
            if ((int) TCSETATTR.invokeExact(err, fd, TCSANOW, t) != 0) {
                throw new IOException("tcsetattr (raw) on fd " + fd + ": errno " + (int) ERRNO.get(err, 0L));
            }
            return new Termios(fd, saved);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("termios", t);
        }
    }

    /** Puts the saved settings back; safe to call more than once and from a shutdown hook. */
    synchronized void restore() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, saved);
            int r = (int) TCSETATTR.invokeExact(a.allocate(CAPTURE), fd, TCSANOW, t);
            if (r != 0) {
                System.err.println("sandbox-run: could not restore the terminal; run 'stty sane'");
            }
        } catch (Throwable t) {
            System.err.println("sandbox-run: could not restore the terminal (" + t + "); run 'stty sane'");
        }
    }
}
