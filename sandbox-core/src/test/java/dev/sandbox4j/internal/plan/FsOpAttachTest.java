package dev.sandbox4j.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.PreparedMounts;
import dev.sandbox4j.internal.launch.PlanDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An idmapped workspace's bind becomes ATTACH of the fd the init holds; other binds stay binds. */
class FsOpAttachTest {
    @TempDir
    Path tmp;

    @Test
    void aWorkspaceBindIsAttachedFromItsSlot() throws Exception {
        Path ws = Files.createDirectory(tmp.resolve("ws"));
        Path other = Files.createDirectory(tmp.resolve("other"));
        try (PreparedMounts m = MountPlan.builder().bind(ws, "/tmp/ws").bind(other, "/tmp/other").build().prepare()) {
            PlanWriter w = new PlanWriter();
            FsOpEncoder.encode(m, true, Map.of(ws, 12), w);
            List<PlanDecoder.Op> ops = PlanDecoder.fragment(w);
            PlanDecoder.Op attach = ops.stream().filter(o -> o.code() == FsOp.ATTACH).findFirst().orElseThrow();
            assertThat(attach.u32()).as("fd slot").isEqualTo(12);
            assertThat(attach.str()).isEqualTo("/tmp/ws");
            assertThat(attach.str()).as("the host path, for messages").isEqualTo(ws.toString());
            attach.done();
            assertThat(ops.stream().filter(o -> o.code() == FsOp.BIND).map(o -> o.str()))
                    .contains(FsOpEncoder.host(other)).doesNotContain(FsOpEncoder.host(ws));
        }
    }
}
