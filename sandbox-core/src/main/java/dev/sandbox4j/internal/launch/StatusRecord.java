package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.ShimWire;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A record from the shim's status fd (types and payloads: {@code wire.def}). */
public sealed interface StatusRecord {
    int STARTED = ShimWire.STATUS_STARTED, FAILED = ShimWire.STATUS_FAILED, EXITED = ShimWire.STATUS_EXITED,
            TRAPPED = ShimWire.STATUS_TRAPPED, REAPED = ShimWire.STATUS_REAPED;

    /** The program runs: its pid inside, and the init's pid in the host's pid namespace. */
    record Started(int innerPid, int initHostPid) implements StatusRecord {}

    /**
     * A setup step failed.
     *
     * @param opIndex the plan op being applied (its index), -1 outside any op
     * @param opCode  that op's code, -1 outside any op
     */
    record Failed(String step, int errno, String detail, int opIndex, int opCode) implements StatusRecord {
        public Failed(String step, int errno, String detail) {
            this(step, errno, detail, -1, -1);
        }
    }

    record Exited(int waitStatus, long userMicros, long systemMicros, long maxRssKb) implements StatusRecord {}

    /** A seccomp TRAP rule caught syscall {@code nr} (of audit architecture {@code arch}). */
    record Trapped(int nr, int arch) implements StatusRecord {}

    /** The server reaped the init; the last record before end of file. */
    record Reaped(int waitStatus) implements StatusRecord {}

    /**
     * Decodes the whole records in {@code buf} (flipped for reading) and
     * compacts it so a partial record stays for the next read.
     */
    static List<StatusRecord> decode(ByteBuffer buf) {
        buf.order(ByteOrder.nativeOrder());
        List<StatusRecord> out = new ArrayList<>();
        while (buf.remaining() >= 8) {
            int type = buf.getInt(buf.position());
            int len = buf.getInt(buf.position() + 4);
            if (buf.remaining() < 8 + len) {
                break;
            }
            buf.position(buf.position() + 8);
            ByteBuffer p = buf.slice(buf.position(), len).order(ByteOrder.nativeOrder());
            buf.position(buf.position() + len);
            out.add(switch (type) {
                case STARTED -> new Started(p.getInt(), p.getInt());
                case FAILED -> {
                    int errno = p.getInt();
                    String step = str(p);
                    String detail = str(p);
                    // ~0 (-1 as int) for a failure outside any op
                    yield p.remaining() >= 8 ? new Failed(step, errno, detail, p.getInt(), p.getInt())
                            : new Failed(step, errno, detail);
                }
                case EXITED -> new Exited(p.getInt(), p.getLong(), p.getLong(), p.getLong());
                case TRAPPED -> new Trapped(p.getInt(), p.getInt());
                case REAPED -> new Reaped(p.getInt());
                default -> new Failed("status", 0, "unknown status record type " + type);
            });
        }
        buf.compact();
        return out;
    }

    private static String str(ByteBuffer p) {
        byte[] b = new byte[p.getInt()];
        p.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
