package dev.sandbox4j.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sandbox-run exec [-i] [-t] NAME [-i] [-t] [--] CMD...} and {@code sandbox-run inspect NAME}:
 * talk to a named sandbox's control socket ({@link ControlSocket}). With {@code -t} the program
 * gets a terminal of the sandbox's own, as with {@code sandbox-run -t}: the user's terminal is in
 * raw mode while it runs (restored on every exit), its keys go in, and a window size change
 * (SIGWINCH) resizes the program's terminal.
 *
 * <pre>{@code
 * sandbox-run --name box -- sleep 600 &
 * sandbox-run exec box -- ps -ef
 * sandbox-run exec box -t -- /bin/sh
 * sandbox-run inspect box
 * }</pre>
 */
final class ControlClient {
    private ControlClient() {}

    /** {@code args} without the leading "exec" or "inspect". */
    static int main(String request, List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        boolean[] flags = new boolean[2]; // -i, -t: before or after the name
        if (!takeFlags(rest, flags, err)) {
            return SandboxRun.SETUP_FAILED;
        }
        if (rest.isEmpty()) {
            return usage(err, "no sandbox name given");
        }
        String name = rest.remove(0);
        if (!takeFlags(rest, flags, err)) {
            return SandboxRun.SETUP_FAILED;
        }
        boolean interactive = flags[0], tty = flags[1];
        if (!rest.isEmpty() && rest.get(0).equals("--")) {
            rest.remove(0);
        }
        if (request.equals("exec") == rest.isEmpty() || request.equals("inspect") && (interactive || tty)) {
            return usage(err, request.equals("exec") ? "no command given" : "inspect takes only a name");
        }
        try {
            if (tty) {
                return ExecTerminal.run(ControlPaths.socket(name), name, rest, out, err);
            }
            return talk(request, ControlPaths.socket(name), name, rest, interactive ? stdin : null, out, err);
        } catch (IllegalArgumentException | IOException e) {
            err.println("sandbox-run: " + e.getMessage());
            return SandboxRun.SETUP_FAILED;
        }
    }

    /** Takes leading -i, -t, -it or -ti off {@code rest}; false (said on err) for another option. */
    private static boolean takeFlags(List<String> rest, boolean[] flags, PrintStream err) {
        while (!rest.isEmpty() && rest.get(0).startsWith("-") && !rest.get(0).equals("--")) {
            String f = rest.remove(0);
            if (!f.matches("-[it]{1,2}")) {
                usage(err, "unknown option " + f + " (exec takes -i and -t)");
                return false;
            }
            flags[0] |= f.contains("i");
            flags[1] |= f.contains("t");
        }
        return true;
    }

    private static int usage(PrintStream err, String why) {
        err.println("sandbox-run: " + why + ": use sandbox-run exec [-i] [-t] NAME -- CMD ARGS... or sandbox-run"
                + " inspect NAME");
        return SandboxRun.SETUP_FAILED;
    }

    /** Connects to a named sandbox's control socket, with a clear error when none is there. */
    static SocketChannel connect(Path socket, String name) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("no sandbox named " + name + " is running (no " + socket + ")");
        }
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (AccessDeniedException e) {
            throw new IOException("cannot reach sandbox " + name + ": permission denied on " + socket, e);
        } catch (IOException e) {
            throw new IOException("cannot reach sandbox " + name + " at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Sends a request: its name, then the arguments. */
    static void request(DataOutputStream to, String request, List<String> args) throws IOException {
        to.writeUTF(request);
        to.writeInt(args.size());
        for (String a : args) {
            to.writeUTF(a);
        }
    }

    private static int talk(String request, Path socket, String name, List<String> args, InputStream stdin,
            PrintStream out, PrintStream err) throws IOException {
        try (SocketChannel ch = connect(socket, name)) {
            DataOutputStream to = new DataOutputStream(Channels.newOutputStream(ch));
            DataInputStream from = new DataInputStream(Channels.newInputStream(ch));
            request(to, request, args);
            to.flush();
            if (request.equals("exec")) {
                Thread in = new Thread(() -> sendStdin(stdin, to), "sandbox-run-exec-stdin");
                in.setDaemon(true);
                in.start();
            }
            for (;;) {
                int type = from.readByte();
                byte[] data = from.readNBytes(from.readInt());
                switch (type) {
                    case ControlFrames.STDOUT -> out.write(data);
                    case ControlFrames.STDERR -> err.write(data);
                    case ControlFrames.EXIT -> {
                        out.flush();
                        return java.nio.ByteBuffer.wrap(data).getInt();
                    }
                    default -> throw new IOException("unexpected frame " + type + " from " + socket);
                }
                out.flush();
            }
        } catch (EOFException e) {
            throw new IOException("sandbox " + name + " closed the connection without a status", e);
        }
    }

    /** Our stdin as frames (none without -i), then the empty frame: end of input. */
    private static void sendStdin(InputStream stdin, DataOutputStream to) {
        try {
            if (stdin != null) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = stdin.read(buf)) > 0) {
                    ControlFrames.send(to, ControlFrames.STDIN, java.util.Arrays.copyOf(buf, n));
                }
            }
            ControlFrames.send(to, ControlFrames.STDIN, new byte[0]);
        } catch (IOException e) {
            // the program ended first
        }
    }
}
