package dev.sandbox4j.internal.check;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Refuses a command and environment that execve would refuse with E2BIG,
 * before anything is spawned. The kernel (fs/exec.c, bprm_stack_limits)
 * accepts strings totalling a quarter of the stack rlimit, at most 3/4 of
 * 8 MiB and at least 32 pages, less a pointer per string; each single string
 * at most MAX_ARG_STRLEN (32 pages) with its NUL. The file name execve got is
 * copied too: for a program found through PATH its length is not known
 * here, so PATH_MAX is reserved for it.
 */
public final class ExecSizeCheck {
    /** MAX_ARG_STRLEN: 32 pages of 4 KiB, the terminating NUL included. */
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    static final long ARG_MAX_FLOOR = 32 * 4096;
    static final long STK_LIM_SHARE = (8L << 20) / 4 * 3;
    private static final int PATH_MAX = 4096;

    private ExecSizeCheck() {}

    /**
     * @param stackSoft the program's RLIMIT_STACK soft limit at execve (-1: unlimited)
     */
    public static void check(List<String> argv, Map<String, String> env, long stackSoft) {
        long total = 0;
        for (int i = 0; i < argv.size(); i++) {
            total += string("argument " + i + " of the command", argv.get(i));
        }
        for (var e : env.entrySet()) {
            total += string("environment variable " + Names.escape(e.getKey()), e.getKey() + "=" + e.getValue());
        }
        String program = argv.isEmpty() ? "" : argv.getFirst();
        total += program.indexOf('/') >= 0 ? utf8(program) + 1 : PATH_MAX;
        total += 8L * (Math.max(argv.size(), 1) + env.size()) + 8;
        long limit = limit(stackSoft);
        if (total > limit) {
            throw new IllegalArgumentException("the command and environment take " + total + " bytes (strings and"
                    + " pointers, " + argv.size() + " arguments, " + env.size() + " variables); execve accepts at"
                    + " most " + limit + " here (ARG_MAX: a quarter of the stack rlimit " + show(stackSoft)
                    + ", at most 6 MiB, at least 128 KiB); pass large data through a file or stdin");
        }
    }

    static long limit(long stackSoft) {
        long quarter = stackSoft == -1 ? Long.MAX_VALUE : Long.divideUnsigned(stackSoft, 4);
        return Math.max(Math.min(quarter, STK_LIM_SHARE), ARG_MAX_FLOOR);
    }

    private static long string(String what, String s) {
        long bytes = utf8(s) + 1L;
        if (bytes > MAX_ARG_STRLEN) {
            throw new IllegalArgumentException(what + " has " + (bytes - 1) + " bytes; execve takes at most "
                    + (MAX_ARG_STRLEN - 1) + " bytes per argument or variable (MAX_ARG_STRLEN); pass large data"
                    + " through a file or stdin");
        }
        return bytes;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String show(long v) {
        return v == -1 ? "unlimited" : Long.toUnsignedString(v);
    }
}
