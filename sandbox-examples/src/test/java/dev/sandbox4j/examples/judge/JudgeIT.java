package dev.sandbox4j.examples.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.cgroups.CgroupHost;
import dev.sandbox4j.units.MemorySize;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference judge on submissions that hit every verdict, in C and Python, on two cases each
 * (src/test/resources/judge). Root (with a cgroup) and rootless (without one on a v1 host: the
 * fallbacks of {@link Verdicts}).
 */
class JudgeIT {
    static final JudgeLimits LIMITS = new JudgeLimits(Duration.ofSeconds(1), MemorySize.parse("64M"),
            MemorySize.parse("1M"), Compare.TOKENS);

    static Path resource(String name) {
        try {
            return Path.of(JudgeIT.class.getResource("/judge/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> submissions() {
        return Stream.of(Language.C, Language.PYTHON).flatMap(lang -> Stream.of(Verdict.values())
                .map(v -> Arguments.of(lang, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("submissions")
    void everySubmissionGetsItsVerdictOnEveryCase(Language lang, Verdict expected) throws Exception {
        String dir = lang == Language.C ? "c" : "python";
        String ext = lang == Language.C ? ".c" : ".py";
        Path source = resource(dir + "/" + expected.name().toLowerCase(Locale.ROOT) + ext);
        Report r = Judge.judge(source, lang, resource("cases"), LIMITS);

        assertThat(r.cases()).as(r.toJson()).hasSize(2).allSatisfy(c -> assertThat(c.verdict()).as(r.toJson())
                .isEqualTo(expected));
        assertThat(r.compiled()).isEqualTo(expected != Verdict.CE);
        if (expected == Verdict.CE) {
            assertThat(r.compilerOutput()).as("the compiler says why").contains(lang == Language.C ? "error" : "Error");
        }
        if (expected == Verdict.TLE && CgroupHost.detect().isAvailable()) {
            // Measured on the cgroup, the whole limit was used. (Without one, RLIMIT_CPU fires by the kernel's
            // own per-tick count, which was seen at 880 ms of the rusage a 1 s limit reports.)
            assertThat(r.cases()).allSatisfy(c -> assertThat(c.cpuMillis()).as(r.toJson()).isBetween(1000L, 1100L));
        }
        if (expected == Verdict.AC) {
            assertThat(r.cases()).allSatisfy(c -> assertThat(c.cpuMillis()).as(r.toJson()).isLessThan(1000));
        }
    }

    @Test
    void theCommandLinePrintsOneVerdictPerCaseAndWritesTheJsonReport(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("report.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Judge.execute(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--lang", "python",
                "--time", "1s", "--memory", "64M", "--exact", "--report", json.toString(),
                resource("python/ac.py").toString(), resource("cases").toString());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out.lines()).as(out).hasSize(2).allMatch(l -> l.matches("[12] AC \\d+ ms \\d+ KiB"));
        assertThat(Files.readString(json)).startsWith("{\"language\":\"PYTHON\",\"compiled\":true,")
                .contains("\"case\":\"1\",\"verdict\":\"AC\"", "\"case\":\"2\",\"verdict\":\"AC\"");
    }
}
