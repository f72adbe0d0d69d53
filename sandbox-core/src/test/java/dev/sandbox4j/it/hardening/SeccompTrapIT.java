package dev.sandbox4j.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import dev.sandbox4j.SeccompAction;
import dev.sandbox4j.SeccompProfile;
import dev.sandbox4j.SeccompRule;
import dev.sandbox4j.it.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A seccomp TRAP rule ends the program with SIGSYS, and the result names the call it caught. */
class SeccompTrapIT {

    private static SeccompProfile trapping(String syscall) {
        return SeccompProfile.defaultProfile().withRule(SeccompRule.of(SeccompAction.TRAP, syscall));
    }

    @Test
    void aTrappedCallOfTheProgramIsNamed() throws Exception {
        // dash reads getppid() at startup to set $PPID
        SandboxResult r = Run.sh(Sandbox.builder().seccomp(trapping("getppid")), "echo unreachable").result();
        assertThat(r.status()).as(r.toString()).isEqualTo(SandboxStatus.SECCOMP_KILLED);
        assertThat(r.signal()).hasValue(31);
        assertThat(r.trappedSyscall()).hasValue("getppid");
    }

    @Test
    void aTrappedCallOfAnotherThreadIsNamedToo() throws Exception {
        Run run = Run.of(Sandbox.builder().seccomp(trapping("getsid")).command("/usr/bin/python3", "-c",
                "import threading, os; t = threading.Thread(target=lambda: os.getsid(0)); t.start(); t.join(); "
                        + "print('unreachable')"));
        SandboxResult r = run.result();
        assertThat(run.stdout()).doesNotContain("unreachable");
        assertThat(r.status()).as(run.toString()).isEqualTo(SandboxStatus.SECCOMP_KILLED);
        assertThat(r.trappedSyscall()).hasValue("getsid");
    }

    @Test
    void aProgramThatSurvivesThousandsOfTrapsCannotStallTheSandbox() throws Exception {
        // More trap reports than the status pipe holds: only the first may be written,
        // or the tracing init blocks and the program with it.
        Run run = Run.of(Sandbox.builder().seccomp(trapping("getsid")).timeout(Duration.ofSeconds(60))
                .command("/usr/bin/python3", "-c", "import os, signal\n"
                        + "signal.signal(signal.SIGSYS, lambda *a: None)\n"
                        + "for _ in range(6000):\n"
                        + "    try: os.getsid(0)\n"
                        + "    except OSError: pass\n"
                        + "print('survived')"));
        SandboxResult r = run.result();
        assertThat(r.status()).as(run.toString()).isEqualTo(SandboxStatus.EXITED);
        assertThat(run.stdout()).isEqualTo("survived\n");
        assertThat(r.trappedSyscall()).hasValue("getsid");
    }

    @Test
    void withoutTrapRulesNothingIsTracedOrNamed() throws Exception {
        Run run = Run.sh(Sandbox.builder(), "grep TracerPid /proc/self/status");
        assertThat(run.stdout().strip()).as(run.toString()).isEqualTo("TracerPid:\t0");
        assertThat(run.result().trappedSyscall()).isEmpty();
        // and with them, a program that never makes the call runs normally under the tracing init
        Run quiet = Run.of(Sandbox.builder().seccomp(trapping("getsid")).command("/bin/echo", "fine"));
        assertThat(quiet.result().succeeded()).as(quiet.toString()).isTrue();
        assertThat(quiet.stdout()).isEqualTo("fine\n");
    }
}
