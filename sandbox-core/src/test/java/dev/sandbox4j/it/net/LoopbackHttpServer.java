package dev.sandbox4j.it.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP server on the host's 127.0.0.1 that answers every request with a fixed body and counts them. */
final class LoopbackHttpServer implements AutoCloseable {
    final ServerSocket socket;
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final String body;

    LoopbackHttpServer(String body) throws IOException {
        this.body = body;
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("loopback-http").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && !head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
                    head.append((char) c);
                    if (head.toString().endsWith("\r\n\r\n")) {
                        break;
                    }
                }
                requestLines.add(head.toString().lines().findFirst().orElse(""));
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                        + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // closed, or a client that went away: the test sees what arrived
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
