package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** pause() freezes the whole sandbox: a counter printing every 10 ms stops; resume() lets it count on. */
class PauseResumeIT {

    @Test
    void pauseStopsACounterAndResumeLetsItGoOn() throws Exception {
        CgroupFixture.assumeCgroups();
        AtomicLong latest = new AtomicLong();
        AtomicLong lastLineAt = new AtomicLong(System.nanoTime());
        SandboxResult r;
        try (SandboxProcess p = Sandbox.builder().accounting()
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "count").start()) {
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.US_ASCII))) {
                    for (String line; (line = in.readLine()) != null;) {
                        latest.set(Long.parseLong(line.trim()));
                        lastLineAt.set(System.nanoTime());
                    }
                } catch (Exception e) {
                    // the stream ends with the sandbox
                }
            });
            assertThat(CgroupFixture.poll(Duration.ofSeconds(20), () -> latest.get() >= 5)).as("the counter runs").isTrue();

            p.pause();
            // what the counter wrote before the freeze may still be in the pipe: wait until the reader is idle
            assertThat(CgroupFixture.poll(Duration.ofSeconds(10),
                    () -> System.nanoTime() - lastLineAt.get() > 100_000_000L)).as("output stops when paused").isTrue();
            long frozenAt = latest.get();
            long watchUntil = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < watchUntil) {
                assertThat(latest.get()).as("the counter while paused").isEqualTo(frozenAt);
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).isTrue();
            assertThat(p.stats()).isPresent();

            p.resume();
            assertThat(CgroupFixture.poll(Duration.ofSeconds(20), () -> latest.get() >= frozenAt + 5))
                    .as("the counter goes on after resume (paused at %d, now %d)", frozenAt, latest.get()).isTrue();

            p.destroyForcibly();
            r = p.result().join();
            reader.join();
        }
        assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(9);
    }

    @Test
    void aPausedSandboxCanBeKilled() throws Exception {
        CgroupFixture.assumeCgroups();
        try (SandboxProcess p = Sandbox.builder().accounting()
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "count").start()) {
            assertThat(p.getInputStream().read()).isNotNegative(); // it runs
            p.pause();
            p.destroyForcibly();
            SandboxResult r = p.result().join();
            assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
            assertThatThrownBy(p::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
        }
    }

    @Test
    void pauseWithoutACgroupIsRefused() throws Exception {
        try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "600").start()) {
            assertThatThrownBy(p::pause).isInstanceOf(IllegalStateException.class).hasMessageContaining("accounting()");
            assertThat(p.stats()).isEmpty();
        }
    }
}
