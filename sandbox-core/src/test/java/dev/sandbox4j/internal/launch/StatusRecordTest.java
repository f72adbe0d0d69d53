package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusRecordTest {

    private static ByteBuffer failed(int errno, String step, String detail) {
        byte[] s = step.getBytes(StandardCharsets.UTF_8), d = detail.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + s.length + 4 + d.length).order(ByteOrder.nativeOrder());
        b.putInt(StatusRecord.FAILED).putInt(12 + s.length + d.length).putInt(errno)
                .putInt(s.length).put(s).putInt(d.length).put(d);
        return b.flip();
    }

    @Test
    void decodesWholeRecordsAndKeepsAPartialOneForLater() {
        ByteBuffer rec = failed(2, "execve", "/bin/nope");
        ByteBuffer buf = ByteBuffer.allocate(256);
        buf.put(rec.slice(0, 10));
        buf.flip();
        assertThat(StatusRecord.decode(buf)).isEmpty();
        buf.put(rec.slice(10, rec.limit() - 10));
        buf.flip();
        assertThat(StatusRecord.decode(buf)).containsExactly(new StatusRecord.Failed("execve", 2, "/bin/nope"));
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
