package dev.sandbox4j.examples;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import sun.misc.Signal;

/**
 * {@code sandbox-run -t}: relays between the user's terminal (in raw mode,
 * so every key, Ctrl-C and Ctrl-Z included, reaches the sandbox's own
 * terminal) and the sandbox's terminal, and forwards window size changes.
 * The user's terminal is restored however this ends: the program's exit,
 * an exception, a {@code --timeout} kill (the sandbox ends, so does the
 * relay) or a signal to this JVM (a shutdown hook).
 *
 * <p>SIGWINCH has no Java API; {@code sun.misc.Signal} (module
 * jdk.unsupported) is the only way to see it without native code that
 * would run on a signal stack.
 */
final class TerminalRelay {
    private TerminalRelay() {}

    static SandboxResult run(Sandbox sandbox, SandboxRun.Control control) throws IOException {
        Termios user = Termios.isTerminal(0) ? Termios.raw(0) : null;
        try (SandboxProcess p = sandbox.start(); SandboxRun.Opened c = SandboxRun.open(control, p)) {
            Thread hook = new Thread(() -> {
                p.close();
                if (user != null) {
                    user.restore();
                }
            }, "sandbox-run-terminal");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                forwardResizes(p::resizeTerminal);
                Thread in = new Thread(() -> copy(new FileInputStream(FileDescriptor.in), p.getOutputStream()),
                        "sandbox-run-stdin");
                in.setDaemon(true); // blocked on the user's terminal when the sandbox ends
                in.start();
                copy(p.getInputStream(), new FileOutputStream(FileDescriptor.out));
                return p.result().join();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running
                }
            }
        } finally {
            if (user != null) {
                user.restore();
            }
        }
    }

    /** At every SIGWINCH, the user's terminal's new size to {@code resize} (also for {@code exec -t}). */
    static void forwardResizes(ControlFrames.Resize resize) {
        try {
            Signal.handle(new Signal("WINCH"), s -> {
                int[] size = Termios.size(0);
                if (size != null) {
                    try {
                        resize.resize(size[0], size[1]);
                    } catch (IOException | IllegalStateException e) {
                        // the sandbox or the program has ended: nothing to resize
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            // no SIGWINCH on this VM: the terminal keeps its first size
        }
    }

    /** Copies until end of file on either side, flushing each chunk (keys and screen updates are small). */
    private static void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = from.read(buf)) > 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the sandbox ended (its streams closed) or the user's terminal went away
        }
    }
}
