package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.plan.OpCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a plan back in tests, as the shim's plan.c does. */
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

    public static List<Integer> codes(byte[] plan) {
        return decode(plan).stream().map(Op::code).toList();
    }
}
