package dev.sandbox4j.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcFile reads a file whole, whatever its length relative to its small first read. */
class ProcFileTest {
    @TempDir
    Path dir;

    @Test
    void readsFilesAroundTheFirstReadSizeWhole() throws IOException {
        for (int length : new int[] {0, 1, 4095, 4096, 4097, 64 * 1024, 64 * 1024 + 1, 300_000}) {
            String content = text(length);
            Path f = dir.resolve("f" + length);
            Files.writeString(f, content, StandardCharsets.UTF_8);
            assertThat(ProcFile.read(f)).as("a file of %d bytes", length).isEqualTo(content);
        }
    }

    @Test
    void readsASysctlAndAProcFileAsTheKernelWritesThem() throws IOException {
        Path sysctl = Path.of("/proc/sys/kernel/pid_max");
        // Files.readString reads "3" of "32768" (a sysctl ends a read at a non-zero offset); the
        // kernel's least pid_max is 301.
        assertThat(Integer.parseInt(ProcFile.value(sysctl))).isGreaterThanOrEqualTo(301);
        // Longer than the small first read on any machine with a JVM mapped in: read on to its end.
        String maps = ProcFile.read(Path.of("/proc/self/maps"));
        assertThat(maps.length()).isGreaterThan(4096);
        assertThat(maps).endsWith("\n").contains("[stack]");
    }

    private static String text(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(i % 61 == 60 ? '\n' : (char) ('a' + i % 26));
        }
        return b.toString();
    }
}
