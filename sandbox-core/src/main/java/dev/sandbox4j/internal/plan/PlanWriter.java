package dev.sandbox4j.internal.plan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a launch plan in the shim's wire format (see {@code plan.h}).
 *
 * <pre>{@code
 * PlanWriter w = new PlanWriter();
 * w.op(OpCode.SETHOSTNAME).str("box").end();
 * byte[] plan = w.toByteArray();
 * }</pre>
 */
public final class PlanWriter {
    private final ByteArrayOutputStream ops = new ByteArrayOutputStream(512);
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream(128);
    private int count;
    private int open = -1;

    /** Starts an op; add its payload, then {@link #end()}. */
    public PlanWriter op(int code) {
        if (open >= 0) {
            throw new IllegalStateException("op 0x" + Integer.toHexString(open) + " not ended");
        }
        open = code;
        payload.reset();
        return this;
    }

    public PlanWriter u32(int v) {
        payload.writeBytes(buf(4).putInt(v).array());
        return this;
    }

    public PlanWriter u64(long v) {
        payload.writeBytes(buf(8).putLong(v).array());
        return this;
    }

    /** A string as UTF-8; NUL bytes are refused since the shim passes C strings on. */
    public PlanWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("NUL byte in plan string: " + s.replace("\0", "\\0"));
            }
        }
        return bytes(b);
    }

    public PlanWriter strs(List<String> list) {
        u32(list.size());
        list.forEach(this::str);
        return this;
    }

    public PlanWriter bytes(byte[] b) {
        u32(b.length);
        payload.writeBytes(b);
        return this;
    }

    /** Ends the op started by {@link #op(int)}. */
    public PlanWriter end() {
        if (open < 0) {
            throw new IllegalStateException("no op started");
        }
        ops.writeBytes(buf(8).putInt(open).putInt(payload.size()).array());
        ops.writeBytes(payload.toByteArray());
        count++;
        open = -1;
        return this;
    }

    /** Shorthand for an op without payload. */
    public PlanWriter flag(int code) {
        return op(code).end();
    }

    public byte[] toByteArray() {
        if (open >= 0) {
            throw new IllegalStateException("op 0x" + Integer.toHexString(open) + " not ended");
        }
        ByteBuffer head = buf(12).putInt(OpCode.MAGIC).putInt(OpCode.VERSION).putInt(count);
        byte[] out = new byte[12 + ops.size()];
        System.arraycopy(head.array(), 0, out, 0, 12);
        System.arraycopy(ops.toByteArray(), 0, out, 12, ops.size());
        return out;
    }

    private static ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
    }
}
