package dev.sandbox4j.junit;

import java.util.List;
import java.util.Locale;

/** Linux signal numbers and names (x86_64 and aarch64 agree on 1-31). */
final class Signals {
    private Signals() {}

    private static final List<String> NAMES = List.of("", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");

    static String name(int signal) {
        return signal > 0 && signal < NAMES.size() ? NAMES.get(signal) : "signal " + signal;
    }

    /** {@code "SIGKILL"}, {@code "KILL"} or {@code "kill"} to 9. */
    static int number(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        int i = NAMES.indexOf(n.startsWith("SIG") ? n : "SIG" + n);
        if (i <= 0) {
            throw new IllegalArgumentException("signal '" + name + "' is not known: use a name such as SIGKILL or KILL "
                    + "(SIGHUP..SIGSYS), or the number");
        }
        return i;
    }
}
