package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.plan.FsOp;
import dev.sandbox4j.internal.plan.FsOpEncoder;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.plan.Plan;
import dev.sandbox4j.internal.plan.PlanWriter;
import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.sys.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failure record naming its plan op becomes a message naming the builder setting behind the op. */
class StartFailureTest {
    @Test
    void aFailedOpIsNamedByTheSettingThatProducedItAndItsPlaceInThePlan() throws Exception {
        try (PreparedMounts m = MountPlan.builder().defaultMounts(false).defaultMasks(false)
                .tmpfs("/tmp", 64L << 20, 01777).build().prepare()) {
            PlanWriter w = new PlanWriter();
            w.op(OpCode.CLONE).u64(0).note("new namespaces").end();
            FsOpEncoder.encode(m, false, w);
            w.op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").note("command /bin/true").end();
            Plan plan = w.plan();
            List<Integer> codes = PlanDecoder.codes(plan.bytes());
            int tmpfs = codes.indexOf(FsOp.TMPFS);
            StatusRecord.Failed f = new StatusRecord.Failed("fsconfig size", Errno.EINVAL, "tmpfs on /tmp", tmpfs,
                    FsOp.TMPFS);
            assertThat(StartFailure.message(f, plan)).isEqualTo("tmpfs at /tmp (64M), op " + tmpfs + " of "
                    + codes.size() + ": fsconfig size failed: " + Errno.describe(Errno.EINVAL) + ": tmpfs on /tmp");
            // an op without a recorded setting is named by its code; a failure outside any op as before
            Plan bare = Plan.of(plan.bytes());
            assertThat(StartFailure.message(f, bare)).startsWith("op " + tmpfs + " of " + codes.size()
                    + " (FS_TMPFS): fsconfig size failed: ");
            assertThat(StartFailure.message(new StatusRecord.Failed("plan", Errno.EINVAL, "bad"), plan))
                    .isEqualTo("plan failed: " + Errno.describe(Errno.EINVAL) + ": bad");
        }
    }

    @Test
    void aFailedNetworkOpIsNamedByTheNetworkSettingBehindIt() {
        PlanWriter w = new PlanWriter();
        w.op(OpCode.CLONE).u64(0).note("new namespaces").end();
        dev.sandbox4j.internal.net.NetPlan.encode(dev.sandbox4j.Network.egress(dev.sandbox4j.EgressPolicy.denyAll())
                .publish(8080, 80).publish(8443, 443), w);
        w.op(OpCode.EXEC).str("/bin/true").strs(List.of("true")).strs(List.of()).str("/bin").note("command /bin/true").end();
        Plan plan = w.plan();
        List<Integer> codes = PlanDecoder.codes(plan.bytes());
        int listen = codes.indexOf(OpCode.NET_LISTEN);
        int sockets = codes.indexOf(OpCode.NET_SOCKETS);

        assertThat(StartFailure.message(new StatusRecord.Failed("bind", 98, "127.0.0.1:3128", listen,
                OpCode.NET_LISTEN), plan)).startsWith("network egress: its proxy on 127.0.0.1:3128, op " + listen
                        + " of " + codes.size() + ": bind failed: ");
        assertThat(StartFailure.message(new StatusRecord.Failed("socket", Errno.EMFILE, "", sockets,
                OpCode.NET_SOCKETS), plan)).startsWith("publish 127.0.0.1:8080->80, 127.0.0.1:8443->443, op "
                        + sockets + " of " + codes.size() + ": socket failed: ");
    }

    @Test
    void hintsFollowTheFailedOpNotTheShimsStepName() {
        LaunchSpec spec = null; // only an EACCES hint reads the spec
        // a step the shim might rename: the op code still finds the hint
        assertThat(StartHints.hint(new StatusRecord.Failed("clone3", Errno.EPERM, "flags", 0, OpCode.CLONE), spec))
                .contains("user namespaces may be disabled");
        assertThat(StartHints.hint(new StatusRecord.Failed("exec", Errno.ENOENT, "/nope", 9, OpCode.EXEC), spec))
                .contains("the program is not inside the sandbox");
        assertThat(StartHints.hint(new StatusRecord.Failed("write", Errno.EACCES, "x", 1, OpCode.CGROUP_JOIN),
                spec)).contains("delegated cgroup");
        // the same step outside the op it hints for: no hint
        assertThat(StartHints.hint(new StatusRecord.Failed("clone", Errno.EPERM, "target", -1, -1), spec)).isNull();
    }
}
