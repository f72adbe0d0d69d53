package dev.sandbox4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/** A sandbox a test leaves running fails that test, naming its command, and is closed; a closed one does not. */
class LeakIT {
    static final List<SandboxProcess> STARTED = new CopyOnWriteArrayList<>();

    @SandboxTest
    static class Leaky {
        @Test
        void leavesAnInjectedBuildersSandboxRunning(SandboxBuilder sandbox) throws Exception {
            STARTED.add(sandbox.command("/bin/sleep", "61").start());
        }

        @Test
        void leavesItsOwnBuildersSandboxRunning() throws Exception {
            STARTED.add(Sandbox.builder().command("/bin/sleep", "62").start());
        }

        @Test
        void startsFromAnotherThread(SandboxBuilder sandbox) throws Exception {
            Sandbox box = sandbox.command("/bin/sleep", "63").build();
            try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
                STARTED.add(pool.submit(box::start).get());
            }
        }

        @Test
        void leavesTwoRunningAndOneFinished(SandboxBuilder sandbox) throws Exception {
            Sandbox box = sandbox.command("/bin/sh", "-c", "exec sleep \"$0\"", "64").build();
            STARTED.add(box.start());
            STARTED.add(box.start());
            SandboxProcess done = Sandbox.builder().command("/bin/true").start();
            STARTED.add(done);
            done.result().join();
        }
    }

    @SandboxTest
    static class Tidy {
        SandboxProcess inAfterEach;

        @BeforeEach
        void start(SandboxBuilder sandbox) throws Exception {
            inAfterEach = sandbox.command("/bin/sleep", "65").start();
            STARTED.add(inAfterEach);
        }

        @Test
        void closesWhatItStarts(SandboxBuilder sandbox) throws Exception {
            try (SandboxProcess p = sandbox.command("/bin/sleep", "66").start()) {
                STARTED.add(p);
            }
        }

        @Test
        void waitsForWhatItStarts(SandboxBuilder sandbox) throws Exception {
            SandboxProcess p = sandbox.command("/bin/true").start();
            STARTED.add(p);
            assertThat(p.waitFor()).isZero();
        }

        @AfterEach
        void stop() {
            inAfterEach.close(); // @AfterEach runs before the extension looks
        }
    }

    @BeforeEach
    void clear() {
        STARTED.clear();
    }

    @Test
    void aTestThatLeavesASandboxRunningFailsNamingItsCommand() {
        Events tests = Kit.run(Leaky.class).testEvents();
        tests.assertStatistics(s -> s.started(4).failed(4));
        assertThat(Kit.throwables(tests, Status.FAILED)).extracting(Throwable::getMessage).containsExactlyInAnyOrder(
                "1 sandbox was still running when leavesAnInjectedBuildersSandboxRunning(SandboxBuilder) ended "
                        + "(now closed): /bin/sleep 61; wait for result() or close() each sandbox the test starts",
                "1 sandbox was still running when leavesItsOwnBuildersSandboxRunning() ended (now closed): "
                        + "/bin/sleep 62; wait for result() or close() each sandbox the test starts",
                "1 sandbox was still running when startsFromAnotherThread(SandboxBuilder) ended (now closed): "
                        + "/bin/sleep 63; wait for result() or close() each sandbox the test starts",
                "2 sandboxes were still running when leavesTwoRunningAndOneFinished(SandboxBuilder) ended (now "
                        + "closed): /bin/sh -c exec sleep \"$0\" 64, /bin/sh -c exec sleep \"$0\" 64; wait for result() "
                        + "or close() each sandbox the test starts");
        assertThat(Kit.throwables(tests, Status.FAILED)).allMatch(t -> t instanceof AssertionFailedError);
        assertThat(STARTED).hasSize(6).noneMatch(Process::isAlive);
        assertThat(STARTED.stream().map(p -> p.result().join().status()))
                .containsExactlyInAnyOrder(SandboxStatus.SIGNALED, SandboxStatus.SIGNALED, SandboxStatus.SIGNALED,
                        SandboxStatus.SIGNALED, SandboxStatus.SIGNALED, SandboxStatus.EXITED);
    }

    @Test
    void aTestThatClosesOrWaitsPasses() {
        Events tests = Kit.run(Tidy.class).testEvents();
        assertThat(tests.succeeded().count()).as(Kit.failures(tests)).isEqualTo(2);
        assertThat(STARTED).hasSize(4).noneMatch(Process::isAlive);
    }
}
