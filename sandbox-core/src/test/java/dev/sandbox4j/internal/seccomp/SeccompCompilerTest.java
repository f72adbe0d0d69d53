package dev.sandbox4j.internal.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.ArgCondition;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;
import dev.sandbox4j.internal.seccomp.BpfInterpreter.SeccompData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeccompCompilerTest {

    @Test
    void programsOverTheKernelLimitAreRefusedClearly() {
        List<SeccompRule> rules = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            rules.add(SeccompRule.deny("ioctl", ArgCondition.eq(1, i), ArgCondition.eq(2, i)));
        }
        SeccompProfile p = SeccompProfile.allowAll().withRules(rules);
        assertThatThrownBy(() -> SeccompCompiler.compile(p, Arch.X86_64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("700 rules compiles to")
                .hasMessageContaining("on x86_64; the kernel accepts at most 4096");
    }

    @Test
    void allowAllIsJustTheChecks() {
        byte[] p = SeccompCompiler.compile(SeccompProfile.allowAll(), Arch.X86_64);
        assertThat(p.length / 8).isLessThanOrEqualTo(7);
        byte[] q = SeccompCompiler.compile(SeccompProfile.allowAll(), Arch.AARCH64);
        assertThat(q.length / 8).isLessThanOrEqualTo(5);
    }

    @Test
    void rulesForCallsTheArchLacksAreSkipped() {
        SeccompProfile p = SeccompProfile.allowAll().withRule(SeccompRule.deny("open"));
        assertThat(SeccompCompiler.compile(p, Arch.AARCH64))
                .isEqualTo(SeccompCompiler.compile(SeccompProfile.allowAll(), Arch.AARCH64));
        int open = Arch.X86_64.syscalls().number("open").orElseThrow();
        SeccompData d = new SeccompData(open, Arch.X86_64.auditArch(), 0, new long[6]);
        assertThat(BpfInterpreter.run(SeccompCompiler.compile(p, Arch.X86_64), d)).isEqualTo(0x00050001);
    }

    @Test
    void firstMatchingRuleWins() {
        SeccompProfile p = SeccompProfile.builder()
                .defaultAction(SeccompAction.errno(38))
                .rule(SeccompRule.allow("write", ArgCondition.eq(0, 1)))
                .rule(SeccompRule.of(SeccompAction.errno(9), "write", ArgCondition.lt(0, 10)))
                .rule(SeccompRule.of(SeccompAction.TRAP, "write"))
                .build();
        int write = Arch.X86_64.syscalls().number("write").orElseThrow();
        byte[] prog = SeccompCompiler.compile(p, Arch.X86_64);
        assertThat(run(prog, write, 1)).isEqualTo(0x7fff0000);
        assertThat(run(prog, write, 2)).isEqualTo(0x00050009);
        assertThat(run(prog, write, 10)).isEqualTo(0x00030000);
        assertThat(run(prog, 0 /* read */, 1)).isEqualTo(0x00050026);
    }

    private static int run(byte[] prog, int nr, long arg0) {
        return BpfInterpreter.run(prog, new SeccompData(nr, Arch.X86_64.auditArch(), 0, new long[] {arg0, 0, 0, 0, 0, 0}));
    }

    /** Writes the default filters where a native probe can install them: -Dseccomp.dump=DIR. */
    @Test
    void dumpForNativeProbes() throws IOException {
        String dir = System.getProperty("seccomp.dump");
        if (dir == null) {
            return;
        }
        Files.createDirectories(Path.of(dir));
        for (Arch arch : Arch.values()) {
            Files.write(Path.of(dir, "default-" + arch + ".bpf"),
                    SeccompCompiler.compile(SeccompProfile.defaultProfile(), arch));
            Files.write(Path.of(dir, "default-kill-" + arch + ".bpf"), SeccompCompiler.compile(
                    SeccompProfile.defaultProfile().withDefaultDenyAction(SeccompAction.KILL_PROCESS), arch));
        }
    }
}
