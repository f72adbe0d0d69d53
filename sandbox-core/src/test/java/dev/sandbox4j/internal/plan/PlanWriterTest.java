package dev.sandbox4j.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PlanWriter refuses what the shim's reader would refuse, before anything is spawned. */
class PlanWriterTest {
    private static PlanWriter exec(PlanWriter w) {
        return w.op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").end();
    }

    @Test
    void anOpWrittenOtherwiseThanItsLayoutInTheTableIsRefusedNamingBoth() {
        assertThatThrownBy(() -> new PlanWriter().op(OpCode.SET_IDS).u32(1).end())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("op SET_IDS written as (u32); wire.def says (u32 u32)");
        assertThatThrownBy(() -> new PlanWriter().op(OpCode.CHDIR).u64(1).end())
                .hasMessage("op CHDIR written as (u64); wire.def says (str)");
        assertThatThrownBy(() -> new PlanWriter().flag(0x2ff)).hasMessage("op 0x2ff is not in wire.def");
    }

    @Test
    void rolesNeverGoBackAndNothingFollowsTheExec() {
        PlanWriter w = new PlanWriter().flag(OpCode.SETSID);
        assertThatThrownBy(() -> w.op(OpCode.SETHOSTNAME))
                .hasMessage("op SETHOSTNAME after SETSID: a role's ops come before the next role's");
        PlanWriter done = exec(new PlanWriter());
        assertThatThrownBy(() -> done.flag(OpCode.SETSID)).hasMessage("op SETSID after EXEC, which must be the last");
    }

    @Test
    void aPlanMustEndWithTheExec() {
        assertThatThrownBy(() -> new PlanWriter().flag(OpCode.SETSID).toByteArray())
                .hasMessage("the plan does not end with EXEC (or POOL_SERVE)");
        byte[] plan = exec(new PlanWriter().op(OpCode.CLONE).u64(0).end().flag(OpCode.SETSID)).toByteArray();
        assertThat(plan).hasSizeGreaterThan(12);
    }
}
