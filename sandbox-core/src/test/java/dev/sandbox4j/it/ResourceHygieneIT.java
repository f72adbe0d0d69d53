package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many sandboxes leave the JVM as they found it: fds, threads, child processes. */
class ResourceHygieneIT {

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }

    @Test
    void aThousandSandboxesInARowLeaveNoFdThreadOrChildBehind() throws Exception {
        Sandbox box = Sandbox.builder().command("/bin/true").build();
        try (SandboxProcess warm = box.start()) {
            warm.result().join(); // the shim memfd, the event loop and its epoll fds exist from here on
        }
        long fds = HostProcesses.openFds();
        int threadsBefore = threads();
        for (int i = 0; i < 1000; i++) {
            SandboxProcess p = box.start(); // not closed on purpose: an exited sandbox must release its fds
            assertThat(p.waitFor()).isZero();
        }
        awaitWorkersIdle(threadsBefore);
        assertThat(HostProcesses.openFds()).isLessThanOrEqualTo(fds);
        assertThat(threads()).isLessThanOrEqualTo(threadsBefore);
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    /**
     * The worker pool lets its threads go two seconds after its last task: join them (the bound only ends a
     * failing test); the caller's assertion then counts what is left.
     */
    private static void awaitWorkersIdle(int threads) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long left = deadline - System.nanoTime();
            if (threads() <= threads || left <= 0) {
                return;
            }
            if (t.getName().startsWith("sandbox4j-worker")) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Test
    void twoHundredLiveSandboxesAddAtMostTwoThreads() throws Exception {
        Sandbox box = Sandbox.builder().command("/bin/sleep", "600").redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD).build();
        try (SandboxProcess warm = Sandbox.builder().command("/bin/true").start()) {
            warm.result().join();
        }
        awaitWorkersIdle(0);
        int before = threads();
        List<SandboxProcess> live = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                live.add(box.start());
            }
            assertThat(live).allMatch(Process::isAlive);
            assertThat(threads() - before).isLessThanOrEqualTo(2);
        } finally {
            live.forEach(SandboxProcess::destroyForcibly);
            live.forEach(SandboxProcess::close);
        }
        assertThat(ProcessHandle.current().children().count()).isZero();
    }
}
