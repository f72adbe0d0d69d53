package dev.sandbox4j.examples;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Frames on a named sandbox's control socket: a type byte, a length, the
 * bytes. Client to server: STDIN frames (length 0 = end of input); server to
 * client: STDOUT, STDERR, then EXIT with the status as 4 bytes.
 */
final class ControlFrames {
    static final int STDIN = 0, STDOUT = 1, STDERR = 2, EXIT = 3;

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

    /** Server side: STDIN frames into the program until an empty one (or the client goes away). */
    static void relayIn(DataInputStream in, OutputStream program) {
        try (program) {
            for (;;) {
                int type = in.readByte();
                int len = in.readInt();
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
