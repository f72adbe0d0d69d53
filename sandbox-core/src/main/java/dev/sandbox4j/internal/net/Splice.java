package dev.sandbox4j.internal.net;

import dev.sandbox4j.internal.sys.NetCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Copies bytes both ways between a socket of the sandbox's namespace (an fd) and a JVM socket until both
 * directions ended, passing each end of stream on as a half close; then closes the JVM socket.
 */
final class Splice {
    private Splice() {}

    static void run(int fd, Socket socket, byte[] alreadyRead, int alreadyLen) {
        Thread up = Thread.ofPlatform().daemon().name("sandbox4j-net-up").start(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                if (alreadyLen > 0) {
                    out.write(alreadyRead, 0, alreadyLen);
                }
                byte[] buf = new byte[16384];
                int n;
                while ((n = NetCalls.read(fd, buf, 0, buf.length)) > 0) {
                    out.write(buf, 0, n);
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(socket); // one side broke: the other cannot go on meaningfully
            }
        });
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                NetCalls.writeAll(fd, buf, 0, n);
            }
            NetCalls.shutdown(fd, NetCalls.SHUT_WR); // the remote is done: the program reads its end of stream
        } catch (IOException e) {
            NetCalls.shutdown(fd, NetCalls.SHUT_RDWR); // the remote or the program broke: end the reader above
        } finally {
            try {
                up.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(socket); // the fd is the caller's to close: it tracks the number
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing to do about it
        }
    }
}
