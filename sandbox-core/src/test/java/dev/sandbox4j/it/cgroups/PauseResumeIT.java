package dev.sandbox4j.it.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.SandboxStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pause() freezes the whole sandbox: the kernel reports its cgroup frozen, a counter that stamps each line
 * with the time writes nothing stamped while paused, and resume() lets it count on.
 */
class PauseResumeIT {

    @Test
    void pauseStopsACounterAndResumeLetsItGoOn() throws Exception {
        CgroupFixture.assumeCgroups();
        SandboxResult r;
        try (SandboxProcess p = Sandbox.builder().accounting()
                .bindReadOnly(CgroupFixture.probeDir(), CgroupFixture.PROBE_DIR)
                .command(CgroupFixture.PROBE, "stamped").start()) {
            Counter out = new Counter(p.getInputStream());
            long[] line;
            do {
                line = out.next();
            } while (line[0] < 5); // the counter runs

            p.pause();
            long pausedAt = System.currentTimeMillis();
            assertThat(frozen(p)).as("the kernel reports the sandbox's cgroup frozen").isTrue();
            // Frozen: the pipe holds all the counter will write until resume(); nothing is stamped later.
            long frozenAt = line[0];
            for (long[] l : out.available()) {
                assertThat(l[1]).as("line %d stamped while paused", l[0]).isLessThanOrEqualTo(pausedAt);
                frozenAt = l[0];
            }
            assertThat(p.isAlive()).isTrue();
            assertThat(p.stats()).isPresent();
            assertThat(out.available()).as("nothing more while paused").isEmpty();

            long resumedAt = System.currentTimeMillis();
            p.resume();
            // A line whose time was read before the freeze may be written after the thaw; none is
            // stamped between pause() and resume(), and the count goes on where it stopped.
            long expected = frozenAt + 1;
            do {
                line = out.next();
                assertThat(line[0]).as("the count goes on where it stopped").isEqualTo(expected++);
                assertThat(line[1] <= pausedAt || line[1] >= resumedAt)
                        .as("line %d stamped %d, between pause at %d and resume at %d", line[0], line[1], pausedAt,
                                resumedAt).isTrue();
            } while (line[1] < resumedAt || line[0] < frozenAt + 5);

            p.destroyForcibly();
            r = p.result().join();
        }
        assertThat(r.status()).isEqualTo(SandboxStatus.SIGNALED);
        assertThat(r.signal()).hasValue(9);
    }

    /** What the kernel says of the sandbox's cgroup: {@code frozen 1} (v2) or {@code FROZEN} (v1 freezer). */
    private static boolean frozen(SandboxProcess p) throws IOException {
        List<String> dirs = p.describe().cgroup().directories();
        assertThat(dirs).as("the sandbox's cgroup directories").isNotEmpty();
        for (String dir : dirs) {
            Path events = Path.of(dir, "cgroup.events"), state = Path.of(dir, "freezer.state");
            if (Files.exists(events)) {
                return Files.readAllLines(events).contains("frozen 1");
            }
            if (Files.exists(state)) {
                return Files.readString(state).strip().equals("FROZEN");
            }
        }
        throw new AssertionError("no freezer state in " + dirs);
    }

    /** The probe's "COUNT MILLIS" lines, read from the test's thread. */
    private static final class Counter {
        private final InputStream in;
        private final StringBuilder pending = new StringBuilder();

        Counter(InputStream in) {
            this.in = in;
        }

        /** The next line, waiting for it. */
        long[] next() throws IOException {
            for (;;) {
                int nl = pending.indexOf("\n");
                if (nl >= 0) {
                    String l = pending.substring(0, nl);
                    pending.delete(0, nl + 1);
                    String[] f = l.trim().split(" ");
                    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
                }
                int c = in.read();
                assertThat(c).as("the counter's output ended").isNotNegative();
                pending.append((char) c);
            }
        }

        /** The whole lines the pipe holds now, without waiting. */
        List<long[]> available() throws IOException {
            byte[] b = new byte[in.available()];
            int n = in.readNBytes(b, 0, b.length);
            pending.append(new String(b, 0, n, StandardCharsets.US_ASCII));
            List<long[]> lines = new ArrayList<>();
            while (pending.indexOf("\n") >= 0) {
                lines.add(next());
            }
            return lines;
        }
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
