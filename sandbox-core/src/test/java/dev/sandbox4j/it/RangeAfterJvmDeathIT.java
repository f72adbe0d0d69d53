package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A range stays taken until every process of its sandbox is gone, also when the JVM that started it dies
 * first: its shim server holds the lock until it has reaped the sandbox.
 */
class RangeAfterJvmDeathIT {
    static final long PINNED = 2_900_524_032L; // one slot, this class's own

    @Test
    void aRangeIsFreeAgainOnlyOnceTheDeadJvmsSandboxIsGone() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "host id ranges are for sandboxes started as root");
        Process jvm = ChildJvm.start(HolderMain.class, Redirect.PIPE);
        long init;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            init = Long.parseLong(out.readLine());
        }
        Sandbox box = Sandbox.builder().hostIdRange(PINNED, 65536).command("/bin/true").build();
        try {
            box.start().close();
            throw new AssertionError("the range of a running sandbox was handed out again");
        } catch (SandboxStartException e) {
            assertThat(e).hasMessageContaining("no free range");
        }
        jvm.destroyForcibly(); // SIGKILL: its server kills and reaps the sandbox, then lets go
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (SandboxProcess p = box.start()) {
                // free means the lock was let go, which the server does only after reaping that init
                assertThat(Path.of("/proc/" + init)).as("free while the dead JVM's init still exists").doesNotExist();
                assertThat(p.result().join().succeeded()).isTrue();
                return;
            } catch (SandboxStartException e) {
                assertThat(System.nanoTime()).as("the range never came free: " + e.getMessage()).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    /** The child JVM: holds the pinned range with a sleeping sandbox, prints its init's pid, waits. */
    public static final class HolderMain {
        public static void main(String[] args) throws Exception {
            SandboxProcess p = Sandbox.builder().hostIdRange(PINNED, 65536).command("/bin/sleep", "600")
                    .redirectOutput(Redirect.DISCARD).start();
            System.out.println(p.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
