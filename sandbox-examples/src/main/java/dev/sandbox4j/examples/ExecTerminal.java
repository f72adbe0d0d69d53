package dev.sandbox4j.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sandbox-run exec -t NAME -- CMD}: the exec'd program gets a terminal
 * of the sandbox's own, as {@code sandbox-run -t} gives the first one. The
 * user's terminal is in raw mode while it runs (so Ctrl-C, Ctrl-Z and every
 * key reach the program's terminal) and is restored however this ends: the
 * program's exit, the sandbox's end, an error, or a signal to this JVM (a
 * shutdown hook). Its size goes with the request and every SIGWINCH sends
 * the new one ({@link ControlFrames#RESIZE}).
 */
final class ExecTerminal {
    private static final int[] NO_TERMINAL_SIZE = {80, 24};

    private ExecTerminal() {}

    static int run(Path socket, String name, List<String> command, PrintStream out, PrintStream err)
            throws IOException {
        boolean terminal = Termios.isTerminal(0);
        int[] size = terminal ? Termios.size(0) : null;
        size = size == null ? NO_TERMINAL_SIZE : size;
        try (SocketChannel ch = ControlClient.connect(socket, name)) {
            DataOutputStream to = new DataOutputStream(Channels.newOutputStream(ch));
            DataInputStream from = new DataInputStream(Channels.newInputStream(ch));
            synchronized (to) {
                ControlClient.request(to, "exec-tty", command);
                to.writeInt(size[0]);
                to.writeInt(size[1]);
                to.flush();
            }
            Termios user = terminal ? Termios.raw(0) : null;
            Thread hook = new Thread(() -> {
                if (user != null) {
                    user.restore();
                }
            }, "sandbox-run-exec-terminal");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (terminal) {
                    TerminalRelay.forwardResizes((columns, rows) -> ControlFrames.resize(to, columns, rows));
                }
                Thread in = new Thread(() -> sendKeys(new FileInputStream(FileDescriptor.in), to),
                        "sandbox-run-exec-keys");
                in.setDaemon(true); // blocked on the user's terminal when the program ends
                in.start();
                return relayOut(from, out, err);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
                if (user != null) {
                    user.restore();
                }
            }
        } catch (EOFException e) {
            throw new IOException("sandbox " + name + " closed the connection without a status", e);
        }
    }

    /** The program's terminal onto ours until its exit frame; returns its status. */
    private static int relayOut(DataInputStream from, PrintStream out, PrintStream err) throws IOException {
        for (;;) {
            int type = from.readByte();
            byte[] data = from.readNBytes(from.readInt());
            switch (type) {
                case ControlFrames.STDOUT -> out.write(data);
                case ControlFrames.STDERR -> err.write(data); // the server's own messages
                case ControlFrames.EXIT -> {
                    out.flush();
                    err.flush();
                    return ByteBuffer.wrap(data).getInt();
                }
                default -> throw new IOException("unexpected frame " + type + " from the sandbox");
            }
            out.flush();
            err.flush();
        }
    }

    /** Our keys as STDIN frames, then the empty frame at end of input. */
    private static void sendKeys(InputStream keys, DataOutputStream to) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = keys.read(buf)) > 0) {
                ControlFrames.send(to, ControlFrames.STDIN, Arrays.copyOf(buf, n));
            }
            ControlFrames.send(to, ControlFrames.STDIN, new byte[0]);
        } catch (IOException e) {
            // the program ended first
        }
    }
}
