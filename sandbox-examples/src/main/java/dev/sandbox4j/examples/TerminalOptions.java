package dev.sandbox4j.examples;

import dev.sandbox4j.SandboxBuilder;
import java.lang.ProcessBuilder.Redirect;
import picocli.CommandLine.Option;

/**
 * {@code -t} and {@code -i}, as {@code docker run} has them: a terminal of
 * the sandbox's own, and stdin kept open.
 *
 * <pre>{@code
 * sandbox-run -t -- /bin/sh          # job control, Ctrl-C, resizes
 * echo hi | sandbox-run -i -- cat    # stdin reaches the program
 * }</pre>
 */
public final class TerminalOptions {
    @Option(names = {"-t", "--tty"},
            description = "Give the program a terminal of the sandbox's own, relayed to this one (in raw mode).")
    boolean tty;
    @Option(names = {"-i", "--interactive"},
            description = "Keep stdin open: the program reads this one's stdin (without it, /dev/null).")
    boolean interactive;

    /** Sets stdio on {@code builder}: the terminal, or stdout and stderr inherited and stdin as asked. */
    public void applyTo(SandboxBuilder builder) {
        if (tty) {
            int[] size = Termios.size(0);
            builder.tty(true);
            if (size != null) {
                builder.terminalSize(size[0], size[1]);
            }
            return;
        }
        builder.redirectInput(interactive ? Redirect.INHERIT : Redirect.from(new java.io.File("/dev/null")));
        builder.redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
    }
}
