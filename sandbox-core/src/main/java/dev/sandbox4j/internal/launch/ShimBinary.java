package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.seccomp.Arch;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.SyscallException;
import dev.sandbox4j.internal.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The native shim, loaded once per JVM from the jar into a sealed memfd so a
 * sandboxed program can never overwrite it (runc CVE-2019-5736). Where
 * {@code vm.memfd_noexec=2} forbids executable memfds, it falls back to a
 * content-addressed file in a private cache directory, checked by hash.
 *
 * <pre>{@code
 * ShimBinary shim = ShimBinary.get(LinuxSyscalls.INSTANCE); // spawn shim.execPath() with shim.memfd() at FD_SHIM
 * }</pre>
 *
 * @param memfd       the memfd to place at {@link OpCode#FD_SHIM}, or -1 when running from the cache file
 * @param execPath    the path to exec in the child; for a memfd, valid once it sits at {@link OpCode#FD_SHIM}
 * @param description where the shim runs from, for {@code Sandbox.probe()}
 */
public record ShimBinary(int memfd, String execPath, String description) {
    private static final System.Logger LOG = System.getLogger(ShimBinary.class.getName());
    private static volatile ShimBinary instance;

    /**
     * The JVM's shim, loaded on first use.
     *
     * @param sys the system calls the memfd is made with
     * @return the shim
     * @throws IOException when neither a memfd nor the cache file can hold it
     */
    public static ShimBinary get(Syscalls sys) throws IOException {
        ShimBinary s = instance;
        if (s == null) {
            synchronized (ShimBinary.class) {
                if ((s = instance) == null) {
                    instance = s = load(sys);
                }
            }
        }
        return s;
    }

    /** Where the jar carries the shim for {@code arch}. */
    static String resourceName(Arch arch) {
        return "/dev/sandbox4j/native/linux-" + arch + "/sandbox4j-shim";
    }

    /**
     * The shim for {@code arch} from the jar.
     *
     * @throws IOException naming the architecture, and those the jar has, when it has none for {@code arch}
     */
    static byte[] bytes(Arch arch) throws IOException {
        try (InputStream in = ShimBinary.class.getResourceAsStream(resourceName(arch))) {
            if (in == null) {
                List<String> carried = new ArrayList<>();
                for (Arch a : Arch.values()) {
                    if (ShimBinary.class.getResource(resourceName(a)) != null) {
                        carried.add(a.toString());
                    }
                }
                throw new IOException("the sandbox4j jar carries no shim for " + arch + " (this host's architecture; "
                        + "it has " + (carried.isEmpty() ? "none" : String.join(", ", carried)) + "): it was built "
                        + "without a C compiler for " + arch + "; rebuild it with one (for a cross build: "
                        + "gcc-" + arch.toString().replace('_', '-') + "-linux-gnu, see README)");
            }
            return in.readAllBytes();
        }
    }

    private static ShimBinary load(Syscalls sys) throws IOException {
        byte[] bytes = bytes(Arch.current()); // an unsupported os.arch fails here, naming it
        try {
            return fromMemfd(sys, bytes);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EACCES && e.errno() != Errno.EINVAL && e.errno() != Errno.EPERM) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "executable memfd refused ({0}); using the cache file", e.getMessage());
            return fromCacheFile(bytes);
        }
    }

    private static ShimBinary fromMemfd(Syscalls sys, byte[] bytes) throws SyscallException {
        int flags = Syscalls.MFD_CLOEXEC | Syscalls.MFD_ALLOW_SEALING;
        int fd;
        try {
            fd = sys.memfdCreate("sandbox4j-shim", flags | Syscalls.MFD_EXEC);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EINVAL) { // EINVAL: a kernel before MFD_EXEC (6.3)
                throw e;
            }
            fd = sys.memfdCreate("sandbox4j-shim", flags);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long off = 0;
            while (off < bytes.length) {
                off += sys.write(fd, seg.asSlice(off), bytes.length - off);
            }
            sys.fcntl(fd, Syscalls.F_ADD_SEALS,
                    Syscalls.F_SEAL_SEAL | Syscalls.F_SEAL_SHRINK | Syscalls.F_SEAL_GROW | Syscalls.F_SEAL_WRITE);
        } catch (SyscallException e) {
            sys.close(fd);
            throw e;
        }
        return new ShimBinary(fd, "/proc/self/fd/" + OpCode.FD_SHIM, "sealed memfd (" + bytes.length + " bytes)");
    }

    private static ShimBinary fromCacheFile(byte[] bytes) throws IOException {
        String hash = sha256(bytes);
        Path dir = cacheDir();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve("shim-" + hash);
        if (!Files.exists(file) || !sha256(Files.readAllBytes(file)).equals(hash)) {
            Path tmp = Files.createTempFile(dir, "shim-", ".tmp");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-x------"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new ShimBinary(-1, file.toString(), "cache file " + file + " (sha256 verified)");
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("sandbox4j");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
