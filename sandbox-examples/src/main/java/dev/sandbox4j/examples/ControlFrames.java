package dev.sandbox4j.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames on a named sandbox's control socket: a type byte, a length, the
 * bytes. Client to server: STDIN frames (length 0 = end of input) and, for
 * a program with a terminal, RESIZE frames (columns and rows, 4 bytes each);
 * server to client: STDOUT, STDERR, then EXIT with the status as 4 bytes.
 */
final class ControlFrames {
    static final int STDIN = 0, STDOUT = 1, STDERR = 2, EXIT = 3, RESIZE = 4;

    /** What a RESIZE frame asks for: the program's terminal to become {@code columns} x {@code rows}. */
    interface Resize {
        void resize(int columns, int rows) throws IOException;
    }

    private ControlFrames() {}

    static void send(DataOutputStream out, int type, byte[] data) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(data.length);
            out.write(data);
            out.flush();
        }
    }

    static void exit(DataOutputStream out, int status) throws IOException {
        synchronized (out) {
            out.writeByte(EXIT);
            out.writeInt(4);
            out.writeInt(status);
            out.flush();
        }
    }

    static void resize(DataOutputStream out, int columns, int rows) throws IOException {
        synchronized (out) {
            out.writeByte(RESIZE);
            out.writeInt(8);
            out.writeInt(columns);
            out.writeInt(rows);
            out.flush();
        }
    }

    /** Server side: STDIN frames into the program until an empty one (or the client goes away). */
    static void relayIn(DataInputStream in, OutputStream program) {
        relayIn(in, program, null);
    }

    /**
     * As {@link #relayIn(DataInputStream, OutputStream)}, and RESIZE frames to {@code resize}
     * (null: a RESIZE frame ends the relay, as any frame a pipe cannot take).
     */
    static void relayIn(DataInputStream in, OutputStream program, Resize resize) {
        try (program) {
            for (;;) {
                int type = in.readByte();
                int len = in.readInt();
                if (type == RESIZE && resize != null && len == 8) {
                    int columns = in.readInt(), rows = in.readInt();
                    try {
                        resize.resize(columns, rows);
                    } catch (IOException | RuntimeException ended) {
                        // the program has ended, or the size is out of range: keep relaying its input
                    }
                    continue;
                }
                if (type != STDIN || len <= 0 || len > (1 << 20)) {
                    return;
                }
                program.write(in.readNBytes(len));
                program.flush();
            }
        } catch (IOException e) {
            // the program closed its stdin, or the client went away
        }
    }
}
