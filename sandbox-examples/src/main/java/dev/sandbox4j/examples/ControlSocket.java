package dev.sandbox4j.examples;

import dev.sandbox4j.ExecSpec;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The control socket of a named sandbox ({@code sandbox-run --name NAME}):
 * {@code sandbox-run exec NAME -- CMD} and {@code sandbox-run inspect NAME}
 * connect to it. Mode 0600 in a 0700 directory of the caller's, and each
 * peer's credentials (SO_PEERCRED) must be the socket owner's: another user
 * is refused even where the file modes would let it connect.
 *
 * <p>Protocol ({@link ControlFrames}): the client sends the request
 * ("exec" with the command, or "inspect"), then stdin frames; the server
 * answers with stdout and stderr frames and one exit frame.
 */
final class ControlSocket implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final SandboxProcess sandbox;
    private final UserPrincipal owner;

    private ControlSocket(Path path, ServerSocketChannel server, SandboxProcess sandbox) throws IOException {
        this.path = path;
        this.server = server;
        this.sandbox = sandbox;
        this.owner = Files.getOwner(path);
    }

    static ControlSocket open(String name, SandboxProcess sandbox) throws IOException {
        Path path = ControlPaths.socket(name);
        Path dir = path.getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // /run/sandbox4j is shared with the library's id lock (0755): the socket's own mode protects it; a
        // directory others may write to could hold a planted socket instead
        if (!Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
                || Files.getPosixFilePermissions(dir).stream().anyMatch(p -> p.name().endsWith("_WRITE")
                        && !p.name().startsWith("OWNER"))) {
            throw new IOException(dir + " is not yours alone (owner " + Files.getOwner(dir).getName()
                    + ", " + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) + ")");
        }
        if (Files.exists(path)) {
            // a socket nobody listens on is a leftover of a killed sandbox-run: take it over
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                throw new IOException("a sandbox named " + name + " is running already (" + path + ")");
            } catch (IOException notListening) {
                if (notListening.getMessage() != null && notListening.getMessage().startsWith("a sandbox named")) {
                    throw notListening;
                }
                Files.delete(path);
            }
        }
        // bound under a temporary name and renamed once 0600: the name never stands for a socket of other modes
        Path temp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temp);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(temp));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ControlSocket c = new ControlSocket(path, server, sandbox);
        Thread t = new Thread(c::accept, "sandbox-run-control");
        t.setDaemon(true);
        t.start();
        return c;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "sandbox-run-control-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                ControlFrames.send(out, ControlFrames.STDERR, ("sandbox-run: refused: " + peer.user().getName()
                        + " is not the owner of this sandbox (" + owner.getName() + ")\n").getBytes());
                ControlFrames.exit(out, SandboxRun.SETUP_FAILED);
                return;
            }
            String request = in.readUTF();
            int n = in.readInt();
            List<String> args = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                args.add(in.readUTF());
            }
            switch (request) {
                case "inspect" -> {
                    ControlFrames.send(out, ControlFrames.STDOUT, (sandbox.describe().toJson() + "\n").getBytes());
                    ControlFrames.exit(out, 0);
                }
                case "exec" -> exec(args, false, in, out);
                case "exec-tty" -> exec(args, true, in, out);
                default -> {
                    ControlFrames.send(out, ControlFrames.STDERR, ("sandbox-run: unknown request " + request + "\n")
                            .getBytes());
                    ControlFrames.exit(out, SandboxRun.SETUP_FAILED);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the request failed: it was told if it still listens
        }
    }

    /**
     * Runs {@code command} in the sandbox and relays its streams. With {@code tty} the request carries the
     * client's terminal size (columns, rows) after the command; the program gets a terminal of the
     * sandbox's own (its output comes as STDOUT frames) and the client's RESIZE frames resize it.
     */
    private void exec(List<String> command, boolean tty, DataInputStream in, DataOutputStream out)
            throws IOException {
        int columns = tty ? in.readInt() : 0, rows = tty ? in.readInt() : 0;
        SandboxProcess p;
        try {
            p = sandbox.exec(ExecSpec.of(command.toArray(String[]::new)).withTty(tty));
        } catch (IOException | RuntimeException e) {
            ControlFrames.send(out, ControlFrames.STDERR, ("sandbox-run: " + e.getMessage() + "\n").getBytes());
            ControlFrames.exit(out, SandboxRun.SETUP_FAILED);
            return;
        }
        if (tty) {
            resizeQuietly(p, columns, rows); // ExecSpec has no size: the program gets SIGWINCH at once
        }
        try (p) {
            Thread stdin = new Thread(() -> ControlFrames.relayIn(in, p.getOutputStream(),
                    tty ? p::resizeTerminal : null), "control-stdin");
            stdin.setDaemon(true);
            stdin.start();
            Thread err = new Thread(() -> relay(p.getErrorStream(), out, ControlFrames.STDERR), "control-stderr");
            err.start();
            relay(p.getInputStream(), out, ControlFrames.STDOUT);
            err.join();
            SandboxResult r = p.result().join();
            ControlFrames.exit(out, SandboxRun.exitCode(r));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void resizeQuietly(SandboxProcess p, int columns, int rows) {
        try {
            p.resizeTerminal(columns, rows);
        } catch (IOException | RuntimeException e) {
            // it ended already (nothing to size), or the client sent a size out of range: 80x24 stays
        }
    }

    private static void relay(InputStream from, DataOutputStream out, int type) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = from.read(buf)) > 0) {
                ControlFrames.send(out, type, java.util.Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // the client or the program went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }

    /** For tests: the socket's path. */
    Path path() {
        return path;
    }

}
