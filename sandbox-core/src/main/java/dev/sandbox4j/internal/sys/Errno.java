package dev.sandbox4j.internal.sys;

import java.util.Map;

/** Symbolic names for errno values (Linux numbering, the same on x86_64 and aarch64). */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, EBADF = 9, ECHILD = 10,
            EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENOTDIR = 20,
            EINVAL = 22, EMFILE = 24, ENOSPC = 28, EROFS = 30, EPIPE = 32, ENOSYS = 38, ELOOP = 40,
            EXDEV = 18, ENAMETOOLONG = 36, ENOTEMPTY = 39, EOPNOTSUPP = 95, EUSERS = 87, ECONNRESET = 104,
            ENOTCONN = 107, ECONNREFUSED = 111;

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            e(1, "EPERM", "Operation not permitted"), e(2, "ENOENT", "No such file or directory"),
            e(3, "ESRCH", "No such process"), e(4, "EINTR", "Interrupted system call"),
            e(5, "EIO", "Input/output error"), e(6, "ENXIO", "No such device or address"),
            e(7, "E2BIG", "Argument list too long"), e(8, "ENOEXEC", "Exec format error"),
            e(9, "EBADF", "Bad file descriptor"), e(10, "ECHILD", "No child processes"),
            e(11, "EAGAIN", "Resource temporarily unavailable"), e(12, "ENOMEM", "Cannot allocate memory"),
            e(13, "EACCES", "Permission denied"), e(14, "EFAULT", "Bad address"),
            e(16, "EBUSY", "Device or resource busy"), e(17, "EEXIST", "File exists"),
            e(18, "EXDEV", "Invalid cross-device link"), e(19, "ENODEV", "No such device"),
            e(20, "ENOTDIR", "Not a directory"), e(21, "EISDIR", "Is a directory"),
            e(22, "EINVAL", "Invalid argument"), e(23, "ENFILE", "Too many open files in system"),
            e(24, "EMFILE", "Too many open files"), e(26, "ETXTBSY", "Text file busy"),
            e(28, "ENOSPC", "No space left on device"), e(30, "EROFS", "Read-only file system"),
            e(32, "EPIPE", "Broken pipe"), e(36, "ENAMETOOLONG", "File name too long"),
            e(38, "ENOSYS", "Function not implemented"), e(39, "ENOTEMPTY", "Directory not empty"),
            e(40, "ELOOP", "Too many levels of symbolic links"), e(87, "EUSERS", "Too many users"),
            e(95, "EOPNOTSUPP", "Operation not supported"), e(104, "ECONNRESET", "Connection reset by peer"),
            e(107, "ENOTCONN", "Transport endpoint is not connected"), e(110, "ETIMEDOUT", "Connection timed out"),
            e(111, "ECONNREFUSED", "Connection refused"));

    private static Map.Entry<Integer, String[]> e(int n, String name, String text) {
        return Map.entry(n, new String[] {name, text});
    }

    /** {@code "ENOENT"}, or {@code "errno 200"} for numbers without a name here. */
    public static String name(int errno) {
        String[] n = NAMES.get(errno);
        return n == null ? "errno " + errno : n[0];
    }

    /** {@code "ENOENT (No such file or directory)"}. */
    public static String describe(int errno) {
        String[] n = NAMES.get(errno);
        return n == null ? "errno " + errno : n[0] + " (" + n[1] + ")";
    }
}
