package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.internal.spec.LaunchSpec;
import dev.sandbox4j.internal.launch.PlanDecoder;
import dev.sandbox4j.internal.launch.PlanEncoder;
import dev.sandbox4j.internal.plan.OpCode;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tty(true) and terminalSize: what build() accepts and which shim steps they lead to. */
class TerminalSettingsTest {

    private static List<Integer> codes(SandboxBuilder b) {
        LaunchSpec spec = b.command("/bin/true").specForTest(0);
        return PlanDecoder.codes(PlanEncoderTest.encode(spec, 0)); // with its mounts prepared
    }

    @Test
    void theTerminalIsMadeAfterTheFilesystemAndBecomesTheSessionsControllingTerminal() {
        List<Integer> codes = codes(Sandbox.builder().tty(true));
        assertThat(codes).containsSubsequence(OpCode.PTY, OpCode.SETSID, OpCode.SET_CTTY,
                OpCode.SECCOMP, OpCode.EXEC);
        assertThat(codes.lastIndexOf(OpCode.PTY)).isGreaterThan(codes.stream()
                .filter(c -> c >= OpCode.FS_FIRST && c <= OpCode.FS_LAST).mapToInt(codes::lastIndexOf).max()
                .orElseThrow());
        assertThat(codes.indexOf(OpCode.SET_CTTY)).isEqualTo(codes.indexOf(OpCode.SETSID) + 1);
        assertThat(codes(Sandbox.builder())).doesNotContain(OpCode.PTY, OpCode.SET_CTTY);
    }

    @Test
    void theSizeGoesIntoThePlanDefault80x24() {
        assertThat(size(Sandbox.builder().tty(true))).containsExactly(80, 24);
        assertThat(size(Sandbox.builder().tty(true).terminalSize(132, 43))).containsExactly(132, 43);
    }

    private static int[] size(SandboxBuilder b) {
        LaunchSpec spec = b.command("/bin/true").specForTest(0);
        PlanDecoder.Op pty = PlanDecoder.decode(PlanEncoderTest.encode(spec, 0)).stream()
                .filter(o -> o.code() == OpCode.PTY).findFirst().orElseThrow();
        pty.u32(); // the socket's slot
        return new int[] {pty.u32(), pty.u32()};
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Sandbox.builder().terminalSize(0, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x24").hasMessageContaining("1..65535");
        assertThatThrownBy(() -> Sandbox.builder().terminalSize(80, 65536)).hasMessageContaining("80x65536");
        assertThatThrownBy(() -> Sandbox.builder().terminalSize(100, 30).command("/bin/true").build())
                .hasMessageContaining("terminalSize 100x30 needs tty(true)");
        assertThatThrownBy(() -> Sandbox.builder().tty(true).redirectOutput(Redirect.INHERIT).command("/bin/true")
                .build()).hasMessageContaining("drop the stdio redirects");
        assertThatThrownBy(() -> Sandbox.builder().tty(true).tty(false)).hasMessageContaining("already set to true");
        // a copy (toBuilder) may override each once
        Sandbox base = Sandbox.builder().tty(true).terminalSize(100, 30).command("/bin/true").build();
        assertThat(size(base.toBuilder().terminalSize(120, 40))).containsExactly(120, 40);
        assertThatThrownBy(() -> base.toBuilder().tty(false).tty(true)).hasMessageContaining("already set to false");
    }
}
