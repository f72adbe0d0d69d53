package dev.sandbox4j.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.launch.PlanDecoder;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.plan.PlanWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A preparation's plan: the ordinary plan's outer and init ops, no target op, then the pool's ops. */
class PlanEditTest {

    @Test
    void targetOpsGoAndThePoolsOpsFollowTheInits() {
        Plan plan = new PlanWriter().op(OpCode.CLONE).u64(7).end().op(OpCode.SETHOSTNAME).note("hostname box")
                .str("box").end().flag(OpCode.SETSID).op(OpCode.EXEC).str("/bin/true").strs(List.of("true"))
                .strs(List.of()).str("/bin").end().plan();
        Plan pool = new PlanWriter().op(OpCode.POOL_EMPTY).str("/tmp").end().op(OpCode.POOL_SERVE).u32(19).u32(2000)
                .end().plan();

        Plan edited = PlanEdit.withoutTarget(plan, pool);

        assertThat(PlanDecoder.codes(edited.bytes()))
                .containsExactly(OpCode.CLONE, OpCode.SETHOSTNAME, OpCode.POOL_EMPTY, OpCode.POOL_SERVE);
        assertThat(edited.opCount()).isEqualTo(4);
        assertThat(edited.setting(1)).as("a kept op keeps its setting").contains("box");
        assertThat(ByteBuffer.wrap(edited.bytes()).order(ByteOrder.nativeOrder()).getInt(0))
                .as("the plan's own magic").isEqualTo(OpCode.MAGIC);
    }
}
