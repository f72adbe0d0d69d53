package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plan back in tests, field by field as the shim's reader does (the
 * one Java decoder; the C reader itself checks the same plans in PlanWireTest).
 */
public final class PlanDecoder {
    public record Op(int code, ByteBuffer payload) {
        public String str() {
            byte[] b = new byte[payload.getInt()];
            payload.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        public long u64() {
            return payload.getLong();
        }

        public int u32() {
            return payload.getInt();
        }

        public byte[] bytes() {
            byte[] b = new byte[payload.getInt()];
            payload.get(b);
            return b;
        }

        /** Asserts the payload was read to its end. */
        public void done() {
            if (payload.hasRemaining()) {
                throw new AssertionError(payload.remaining() + " bytes left in op " + OpCode.name(code));
            }
        }

        public List<String> strs() {
            int n = payload.getInt();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(str());
            }
            return out;
        }
    }

    public static List<Op> decode(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.nativeOrder());
        if (b.getInt() != OpCode.MAGIC || b.getInt() != OpCode.VERSION) {
            throw new IllegalArgumentException("bad plan header");
        }
        int count = b.getInt();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int code = b.getInt();
            int len = b.getInt();
            ops.add(new Op(code, b.slice(b.position(), len).order(ByteOrder.nativeOrder())));
            b.position(b.position() + len);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes");
        }
        return ops;
    }

    /** The ops written so far to w, which is ended with an exec (a plan must end with one) left out here. */
    public static List<Op> fragment(PlanWriter w) {
        w.op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").end();
        List<Op> ops = decode(w.toByteArray());
        return ops.subList(0, ops.size() - 1);
    }

    public static List<Integer> codes(byte[] plan) {
        return decode(plan).stream().map(Op::code).toList();
    }
}
