package dev.sandbox4j.internal.pool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns an ordinary launch plan into a preparation's: the outer and init
 * steps stay, the target's go (each run brings its own), the pool's ops
 * follow the init's. Layout: see {@code plan.h}.
 */
final class PlanEdit {
    private static final int HEADER = 12, TARGET_ROLE = 3;

    private PlanEdit() {}

    /**
     * @param plan  an ordinary plan
     * @param extra a plan (header included) whose ops go after the init's
     */
    static byte[] withoutTarget(byte[] plan, byte[] extra) {
        ByteBuffer in = ByteBuffer.wrap(plan).order(ByteOrder.nativeOrder());
        ByteBuffer more = ByteBuffer.wrap(extra).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocate(plan.length + extra.length).order(ByteOrder.nativeOrder());
        out.putInt(in.getInt(0)).putInt(in.getInt(4)).putInt(0);
        int count = 0;
        int ops = in.getInt(8);
        int at = HEADER;
        for (int i = 0; i < ops; i++) {
            int code = in.getInt(at), len = in.getInt(at + 4);
            if (code >> 8 != TARGET_ROLE) {
                out.put(plan, at, 8 + len);
                count++;
            }
            at += 8 + len;
        }
        out.put(extra, HEADER, extra.length - HEADER);
        count += more.getInt(8);
        out.putInt(8, count);
        byte[] result = new byte[out.position()];
        out.get(0, result);
        return result;
    }
}
