package dev.sandbox4j.internal.pool;

import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an ordinary launch plan into a preparation's: the outer and init
 * steps stay, the target's go (each run brings its own), the pool's ops
 * follow the init's. The setting of each op that stays stays with it, so a
 * failing step of the preparation still names the builder setting behind it.
 * Layout: {@code wire.def}.
 */
final class PlanEdit {
    private static final int HEADER = 12, TARGET_ROLE = OpCode.EXEC >>> 8;

    private PlanEdit() {}

    /**
     * @param plan  an ordinary plan
     * @param extra a plan (header included) whose ops go after the init's
     */
    static Plan withoutTarget(Plan plan, Plan extra) {
        byte[] bytes = plan.bytes();
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        ByteBuffer out = ByteBuffer.allocate(bytes.length + extra.bytes().length).order(ByteOrder.nativeOrder());
        out.putInt(in.getInt(0)).putInt(in.getInt(4)).putInt(0);
        List<Object> settings = new ArrayList<>();
        int ops = in.getInt(8);
        int at = HEADER;
        for (int i = 0; i < ops; i++) {
            int code = in.getInt(at), len = in.getInt(at + 4);
            if (code >>> 8 != TARGET_ROLE) {
                out.put(bytes, at, 8 + len);
                settings.add(i < plan.settings().size() ? plan.settings().get(i) : null);
            }
            at += 8 + len;
        }
        out.put(extra.bytes(), HEADER, extra.bytes().length - HEADER);
        for (int i = 0; i < extra.opCount(); i++) {
            settings.add(i < extra.settings().size() ? extra.settings().get(i) : null);
        }
        out.putInt(8, settings.size());
        byte[] result = new byte[out.position()];
        out.get(0, result);
        return new Plan(result, java.util.Collections.unmodifiableList(settings));
    }
}
