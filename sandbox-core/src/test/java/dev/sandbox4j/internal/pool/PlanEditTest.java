package dev.sandbox4j.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.plan.PlanWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A preparation's plan: the ordinary plan's outer and init ops, no target op, then the pool's ops. */
class PlanEditTest {

    private static List<Integer> codes(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.nativeOrder());
        List<Integer> codes = new ArrayList<>();
        int at = 12;
        for (int i = 0; i < b.getInt(8); i++) {
            codes.add(b.getInt(at));
            at += 8 + b.getInt(at + 4);
        }
        assertThat(at).as("the count covers every byte").isEqualTo(plan.length);
        return codes;
    }

    @Test
    void targetOpsGoAndThePoolsOpsFollowTheInits() {
        byte[] plan = new PlanWriter().op(0x101).u64(7).end().op(0x202).str("box").end().flag(0x301)
                .op(0x30b).str("/bin/true").end().toByteArray();
        byte[] pool = new PlanWriter().op(PoolOps.EMPTY).str("/tmp").end().op(PoolOps.SERVE).u32(19).u32(2000).end()
                .toByteArray();

        byte[] edited = PlanEdit.withoutTarget(plan, pool);

        assertThat(codes(edited)).containsExactly(0x101, 0x202, PoolOps.EMPTY, PoolOps.SERVE);
        assertThat(ByteBuffer.wrap(edited).order(ByteOrder.nativeOrder()).getInt(0))
                .as("the plan's own magic").isEqualTo(ByteBuffer.wrap(plan).order(ByteOrder.nativeOrder()).getInt(0));
    }
}
