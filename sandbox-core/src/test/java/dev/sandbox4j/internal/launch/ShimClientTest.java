package dev.sandbox4j.internal.launch;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.spec.HardeningSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.internal.plan.OpCode;
import dev.sandbox4j.internal.sys.Errno;
import dev.sandbox4j.internal.sys.FileAction;
import dev.sandbox4j.internal.sys.RecordingSyscalls;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Fd hygiene and placement of a launch, against a recording fake: no root, no spawn. */
class ShimClientTest {
    private static final LaunchSpec SPEC = LaunchSpec.builder().command(List.of("/bin/true"))
            .namespaces(Set.of(Namespace.PID)).environment(Map.of("PATH", "/bin")).build();

    private static ShimClient launcher(RecordingSyscalls sys) {
        return new ShimClient(runtime(sys), new ShimServer(runtime(sys), s -> new ShimBinary(-1, "/shim", "test")));
    }

    /** These syscalls; no cgroup host, no event loop: every launch here fails before it needs one. */
    static SandboxRuntime runtime(RecordingSyscalls sys) {
        return SandboxRuntime.of(sys, () -> {
            throw new AssertionError("a launch asked for the cgroup host");
        });
    }

    @Test
    void aFailedSpawnOfTheServerClosesEveryFdItOpenedAndNamesTheCall() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("posix_spawn", Errno.ENOMEM);
        int[] cleaned = {0};
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .isInstanceOf(SandboxStartException.class)
                .hasMessageContaining("posix_spawn").hasMessageContaining("ENOMEM");
        assertThat(sys.openFds()).isEmpty();
        assertThat(cleaned[0]).as("mount and cgroup cleanups ran once").isEqualTo(1);
    }

    @Test
    void aFailureHalfwayThroughTheSetupClosesWhatWasOpenedSoFar() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("open", Errno.EACCES);
        int[] cleaned = {0};
        LaunchSpec toFile = SPEC.toBuilder().hostIds(0, 0).stdout(Redirect.to(new java.io.File("/forbidden"))).build();
        assertThatThrownBy(() -> launcher(sys).launch(toFile, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .hasMessageContaining("open /forbidden").hasMessageContaining("EACCES");
        assertThat(sys.openFds()).isEmpty();
        assertThat(cleaned[0]).as("mount and cgroup cleanups ran once").isEqualTo(1);
    }

    @Test
    void theServerGetsTheSandboxsStdioAndItsThreePipesAndNothingElse() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("sendmsg", Errno.EMFILE);
        int[] cleaned = {0};
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[16], null, List.of(extra -> cleaned[0]++)))
                .hasMessageContaining("sendmsg");
        ByteBuffer msg = ByteBuffer.wrap(sys.sent.get(0).data()).order(ByteOrder.nativeOrder());
        assertThat(msg.getInt()).as("magic").isEqualTo(LaunchRequest.MAGIC);
        assertThat(msg.getInt()).as("version").isEqualTo(LaunchRequest.VERSION);
        int n = msg.getInt();
        assertThat(n).isEqualTo(sys.sent.get(0).fds().length);
        assertThat(List.of(msg.getInt(), msg.getInt(), msg.getLong())).as("the next spare: as the server is")
                .containsExactly(-1, -1, -1L);
        Set<Integer> slots = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            slots.add(msg.getInt());
        }
        assertThat(slots).containsExactly(0, 1, 2, OpCode.FD_PLAN, OpCode.FD_STATUS, OpCode.FD_CONTROL);
        assertThat(sys.openFds()).as("after a failure past the server's start, only its socket is open")
                .hasSize(1);
        assertThat(cleaned[0]).isEqualTo(1);
    }

    @Test
    void aPlanBeyondAPipesDefaultSizeTravelsInAMemfdAndNeverGrowsAPipe() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("sendmsg", Errno.EMFILE);
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[3 << 20], null, List.of()))
                .hasMessageContaining("sendmsg");
        assertThat(sys.calls).anyMatch(c -> c.startsWith("memfd_create [sandbox4j-plan]"))
                .anyMatch(c -> c.startsWith("open [/proc/self/fd/"))
                .noneMatch(c -> c.startsWith("fcntl") && c.contains(", " + 1031));
        assertThat(sys.openFds()).as("only the server's socket stays open").hasSize(1);
    }

    @Test
    void theServerGetsDevNullForStdioItsSocketAndTheShimAndNothingElse() {
        RecordingSyscalls sys = new RecordingSyscalls().failing("sendmsg", Errno.EMFILE);
        ShimClient l = new ShimClient(runtime(sys), new ShimServer(runtime(sys), s -> new ShimBinary(7, "/proc/self/fd/5", "test")));
        assertThatThrownBy(() -> l.launch(SPEC, new byte[16], null, List.of()));
        Map<Integer, Integer> placedOn = new HashMap<>();
        int closeFrom = -1;
        for (FileAction a : sys.spawns.get(0)) {
            if (a instanceof FileAction.Dup2(int from, int to) && to <= OpCode.FD_SHIM) {
                placedOn.put(to, from);
            } else if (a instanceof FileAction.CloseFrom(int from)) {
                closeFrom = from;
            }
        }
        assertThat(placedOn.keySet()).containsExactlyInAnyOrder(0, 1, 2, OpCode.FD_SERVER_SOCKET, OpCode.FD_SHIM);
        assertThat(closeFrom).isEqualTo(OpCode.FD_SHIM + 1);
        assertThat(sys.calls).contains("open [/dev/null]");
    }

    @Test
    void aServerThatWentAwayIsReplacedAndTheRequestSentAgain() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls().failing("sendmsg", Errno.EPIPE)
                .failing("sendmsg", Errno.EMFILE); // stop the second attempt before the event loop starts
        assertThatThrownBy(() -> launcher(sys).launch(SPEC, new byte[16], null, List.of()))
                .hasMessageContaining("EMFILE");
        assertThat(sys.calls.stream().filter(c -> c.startsWith("posix_spawn"))).hasSize(2);
        assertThat(sys.sent).hasSize(2);
        assertThat(sys.sent.get(1).data()).isEqualTo(sys.sent.get(0).data());
        assertThat(sys.openFds()).as("the dead server's socket was closed, the new one is kept").hasSize(1);
    }
}
