package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.plan.FsOp;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.process.ShimRecords;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StatusRecordTest {

    private static ByteBuffer failed(int errno, String step, String detail, int opIndex, int opCode) {
        return ByteBuffer.wrap(ShimRecords.failed(step, errno, detail, opIndex, opCode));
    }

    @Test
    void aFailureCarriesTheIndexAndCodeOfThePlanOpItHappenedIn() {
        ByteBuffer buf = ByteBuffer.allocate(256);
        buf.put(failed(22, "fsconfig size", "tmpfs on /tmp", 9, FsOp.TMPFS));
        buf.put(failed(7, "plan", "not a sandbox4j plan", -1, -1));
        buf.flip();
        assertThat(StatusRecord.decode(buf)).containsExactly(
                new StatusRecord.Failed("fsconfig size", 22, "tmpfs on /tmp", 9, FsOp.TMPFS),
                new StatusRecord.Failed("plan", 7, "not a sandbox4j plan", -1, -1));
    }

    @Test
    void decodesWholeRecordsAndKeepsAPartialOneForLater() {
        ByteBuffer rec = failed(2, "execve", "/bin/nope", 40, OpCode.EXEC);
        ByteBuffer buf = ByteBuffer.allocate(256);
        buf.put(rec.slice(0, 10));
        buf.flip();
        assertThat(StatusRecord.decode(buf)).isEmpty();
        buf.put(rec.slice(10, rec.limit() - 10));
        buf.flip();
        assertThat(StatusRecord.decode(buf)).containsExactly(new StatusRecord.Failed("execve", 2, "/bin/nope", 40, OpCode.EXEC));
        assertThat(buf.position()).isZero(); // compacted, nothing left over
    }

    @Test
    void decodesStartedThenExitedFromOneRead() {
        ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        buf.putInt(StatusRecord.STARTED).putInt(8).putInt(2).putInt(4242);
        buf.putInt(StatusRecord.EXITED).putInt(28).putInt(3 << 8).putLong(1500).putLong(250).putLong(4096);
        buf.flip();
        assertThat(StatusRecord.decode(buf)).containsExactly(
                new StatusRecord.Started(2, 4242), new StatusRecord.Exited(3 << 8, 1500, 250, 4096));
    }
}
