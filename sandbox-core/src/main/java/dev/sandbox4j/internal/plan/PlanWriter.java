package dev.sandbox4j.internal.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes a launch plan in the shim's wire format (see {@code wire.def}).
 * It refuses what the shim would: an op whose fields differ from its layout
 * in the table ({@link OpCode#payload(int)}), an op of an earlier role after
 * a later one, anything after the exec, and a plan that does not end with it.
 *
 * <pre>{@code
 * PlanWriter w = new PlanWriter();
 * w.op(OpCode.SETHOSTNAME).str("box").end();
 * w.op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").end();
 * byte[] plan = w.toByteArray();
 * }</pre>
 */
public final class PlanWriter {
    private static final int HEADER = 12;
    /** The plan's header (filled in last, when the count is known), then its ops: the default plan's few KiB. */
    private final ByteArrayOutputStream ops = new ByteArrayOutputStream(4096);
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream(128);
    /** The fields of the open op so far, as the table spells a layout. */
    private final StringBuilder fields = new StringBuilder();
    /** Per ended op, the setting that produced it, or null ({@link Plan#settings()}). */
    private final List<Object> settings = new ArrayList<>();
    private Object note;
    private int count;
    private int open = -1;
    private int last = -1;

    /** A writer of an empty plan. */
    public PlanWriter() {
        ops.writeBytes(new byte[HEADER]); // filled in by toByteArray(): one copy of the plan, not two
    }

    /** Starts an op; add its payload, then {@link #end()}. */
    public PlanWriter op(int code) {
        if (open >= 0) {
            throw new IllegalStateException("op " + OpCode.name(open) + " not ended");
        }
        if (isLast(last)) {
            throw new IllegalStateException("op " + OpCode.name(code) + " after " + OpCode.name(last)
                    + ", which must be the last");
        }
        if (last >= 0 && (code >>> 8) < (last >>> 8)) {
            throw new IllegalStateException("op " + OpCode.name(code) + " after " + OpCode.name(last)
                    + ": a role's ops come before the next role's");
        }
        open = code;
        payload.reset();
        fields.setLength(0);
        note = null;
        return this;
    }

    /**
     * Records which builder setting the open op comes from, named in a start
     * failure of that op: a {@code String}, or a mount step or root, which is
     * described only when needed.
     */
    public PlanWriter note(Object setting) {
        if (open < 0) {
            throw new IllegalStateException("a note outside an op");
        }
        note = setting;
        return this;
    }

    public PlanWriter u32(int v) {
        payload.writeBytes(buf(4).putInt(v).array());
        return field("u32");
    }

    public PlanWriter u64(long v) {
        payload.writeBytes(buf(8).putLong(v).array());
        return field("u64");
    }

    /** A count, then each value as u32. */
    public PlanWriter u32s(List<Integer> list) {
        payload.writeBytes(buf(4).putInt(list.size()).array());
        list.forEach(v -> payload.writeBytes(buf(4).putInt(v).array()));
        return field("u32s");
    }

    /** A string as UTF-8; NUL bytes are refused since the shim passes C strings on. */
    public PlanWriter str(String s) {
        payload.writeBytes(check(s));
        return field("str");
    }

    /** The string's length and UTF-8 bytes. */
    private static byte[] check(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("NUL byte in plan string: " + s.replace("\0", "\\0"));
            }
        }
        return ByteBuffer.allocate(4 + b.length).order(ByteOrder.nativeOrder()).putInt(b.length).put(b).array();
    }

    private PlanWriter field(String kind) {
        if (open < 0) {
            throw new IllegalStateException("a " + kind + " outside an op");
        }
        fields.append(fields.isEmpty() ? "" : " ").append(kind);
        return this;
    }

    public PlanWriter strs(List<String> list) {
        payload.writeBytes(buf(4).putInt(list.size()).array());
        list.forEach(s -> payload.writeBytes(check(s)));
        return field("strs");
    }

    public PlanWriter bytes(byte[] b) {
        payload.writeBytes(buf(4).putInt(b.length).array());
        payload.writeBytes(b);
        return field("bytes");
    }

    /** Ends the op started by {@link #op(int)}. */
    public PlanWriter end() {
        if (open < 0) {
            throw new IllegalStateException("no op started");
        }
        String layout = OpCode.payload(open);
        if (layout == null) {
            throw new IllegalStateException("op 0x" + Integer.toHexString(open) + " is not in wire.def");
        }
        if (!layout.contentEquals(fields)) {
            throw new IllegalStateException("op " + OpCode.name(open) + " written as (" + fields
                    + "); wire.def says (" + layout + ")");
        }
        ops.writeBytes(buf(8).putInt(open).putInt(payload.size()).array());
        try {
            payload.writeTo(ops); // without a copy of each op's payload
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        count++;
        settings.add(note);
        last = open;
        open = -1;
        return this;
    }

    /** Shorthand for an op without payload. */
    public PlanWriter flag(int code) {
        return op(code).end();
    }

    /** The plan; it must end with {@link OpCode#EXEC} (or, a pooled sandbox's preparation, {@link OpCode#POOL_SERVE}). */
    public byte[] toByteArray() {
        if (open >= 0) {
            throw new IllegalStateException("op " + OpCode.name(open) + " not ended");
        }
        if (!isLast(last)) {
            throw new IllegalStateException("the plan does not end with EXEC (or POOL_SERVE)");
        }
        byte[] out = ops.toByteArray();
        ByteBuffer.wrap(out).order(ByteOrder.nativeOrder())
                .putInt(OpCode.MAGIC).putInt(OpCode.VERSION).putInt(count);
        return out;
    }

    /** The plan with the setting of each op ({@link #note(Object)}); it must end with {@link OpCode#EXEC}. */
    public Plan plan() {
        return new Plan(toByteArray(), Collections.unmodifiableList(new ArrayList<>(settings)));
    }

    /** A plan ends by starting something: the program, or (a pooled sandbox's preparation) serving runs. */
    private static boolean isLast(int code) {
        return code == OpCode.EXEC || code == OpCode.POOL_SERVE;
    }

    private static ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
    }
}
