package dev.sandbox4j.examples;

import dev.sandbox4j.FileChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.HostIds;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.TimeoutKind;
import dev.sandbox4j.internal.text.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    @Test
    void exitedWithoutCgroupFigures() {
        SandboxResult r = new SandboxResult(SandboxStatus.EXITED, OptionalInt.of(3), OptionalInt.empty(),
                Duration.ofMillis(12), Duration.ofMillis(4), Duration.ofMillis(2), 1800,
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), false, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty());
        assertThat(ResultJson.toJson(r)).isEqualTo("{\"status\":\"EXITED\",\"exitCode\":3,\"signal\":null,"
                + "\"wallMillis\":12,\"cpuUserMillis\":4,\"cpuSystemMillis\":2,\"maxRssKb\":1800,"
                + "\"oomKilled\":false,\"changes\":[]}");
        assertThat(SandboxRun.exitCode(r)).isEqualTo(3);
    }

    @Test
    void timedOutWithCgroupFiguresAndChanges() {
        SandboxResult r = new SandboxResult(SandboxStatus.TIMED_OUT, OptionalInt.empty(), OptionalInt.of(9),
                Duration.ofMillis(201), Duration.ZERO, Duration.ofNanos(999_999), 0,
                OptionalLong.of(4096), Optional.of(Duration.ofMillis(7)), OptionalLong.of(3), false,
                Optional.of(TimeoutKind.WALL_TIME),
                List.of(new FileChange(FileChange.Kind.ADDED, "/new"), new FileChange(FileChange.Kind.DELETED, "/old \"x\"")),
                Optional.empty(), Optional.of(new HostIds(2147549184L, 2147549184L, 65536)));
        assertThat(ResultJson.toJson(r)).isEqualTo("{\"status\":\"TIMED_OUT\",\"exitCode\":null,\"signal\":9,"
                + "\"wallMillis\":201,\"cpuUserMillis\":0,\"cpuSystemMillis\":0,\"maxRssKb\":0,"
                + "\"memoryPeakBytes\":4096,\"cpuUsageMillis\":7,\"pidsPeak\":3,\"oomKilled\":false,"
                + "\"timeoutKind\":\"WALL_TIME\",\"hostUid\":2147549184,\"hostGid\":2147549184,\"hostIdCount\":65536,\"changes\":[{\"kind\":\"ADDED\",\"path\":\"/new\"},"
                + "{\"kind\":\"DELETED\",\"path\":\"/old \\\"x\\\"\"}]}");
        assertThat(SandboxRun.exitCode(r)).isEqualTo(137);
    }

    @Test
    void signaledMirrorsAsShellsDo() {
        SandboxResult r = new SandboxResult(SandboxStatus.OOM_KILLED, OptionalInt.empty(), OptionalInt.of(9),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty(), true, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty());
        assertThat(SandboxRun.exitCode(r)).isEqualTo(137);
        assertThat(ResultJson.fields(r)).doesNotContainKeys("memoryPeakBytes", "cpuUsageMillis", "pidsPeak",
                "timeoutKind").containsEntry("oomKilled", true).containsEntry("status", "OOM_KILLED");
    }

    @Test
    void aTrappedSyscallIsNamed() {
        SandboxResult r = new SandboxResult(SandboxStatus.SECCOMP_KILLED, OptionalInt.empty(), OptionalInt.of(31),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty(), false, Optional.empty(), List.of(), Optional.of("getppid"),
                Optional.empty());
        assertThat(ResultJson.fields(r)).containsEntry("trappedSyscall", "getppid")
                .containsEntry("status", "SECCOMP_KILLED");
        assertThat(SandboxRun.exitCode(r)).isEqualTo(159);
    }
}
