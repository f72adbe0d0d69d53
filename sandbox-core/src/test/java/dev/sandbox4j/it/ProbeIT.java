package dev.sandbox4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ProbeReport;
import dev.sandbox4j.Sandbox;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Sandbox.probe()} tells the truth: its values are what {@code cat} shows, its JSON parses. */
class ProbeIT {
    private static ProbeReport report;

    @BeforeAll
    static void probe() {
        report = Sandbox.probe();
    }

    private static String cat(String path) throws Exception {
        Process p = new ProcessBuilder("cat", path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }

    @Test
    void sysctlsAndTheKernelAreWhatCatShows() throws Exception {
        assertThat(report.sysctls()).containsKey("user.max_user_namespaces");
        for (Map.Entry<String, String> e : report.sysctls().entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(cat("/proc/sys/" + e.getKey().replace('.', '/')));
        }
        assertThat(report.kernel()).isEqualTo(cat("/proc/sys/kernel/osrelease"));
        assertThat(report.sysctls().get("user.max_user_namespaces")).as("more than the first digit")
                .hasSize(cat("/proc/sys/user/max_user_namespaces").length());
    }

    @Test
    void theOrderIsStableAndEveryNoCarriesItsFix() {
        ProbeReport again = Sandbox.probe();
        assertThat(again.facts().stream().map(ProbeReport.Fact::name).toList())
                .isEqualTo(report.facts().stream().map(ProbeReport.Fact::name).toList())
                .containsSubsequence("native access", "unprivileged user namespaces", "cgroup layout",
                        "writable cgroup for this caller", "landlock", "seccomp filters", "seccomp user notification",
                        "pasta", "slirp4netns", "shim");
        assertThat(report.namespaces().keySet()).containsExactly(Namespace.values());
        assertThat(report.facts()).allSatisfy(f -> assertThat(f.ok() ? f.fix().isEmpty() : !f.fix().isBlank())
                .as(f.toString()).isTrue());
        assertThat(report.toString()).contains("sysctl user.max_user_namespaces = "
                + report.sysctls().get("user.max_user_namespaces"));
    }

    @Test
    void factsAgreeWithTheHost() throws Exception {
        ProbeReport.Fact landlock = report.fact("landlock").orElseThrow();
        assertThat(landlock.value()).matches("ABI [1-9][0-9]*|not in this kernel|built in but not enabled.*");
        if (Files.exists(Path.of("/sys/kernel/security/lsm"))) { // securityfs is not mounted everywhere
            String lsm = cat("/sys/kernel/security/lsm");
            assertThat(landlock.ok()).as(lsm).isEqualTo(lsm.contains("landlock"));
        }
        assertThat(report.fact("seccomp filters").orElseThrow().value()).contains("kill_process", "errno", "allow");
        assertThat(report.fact("shim").orElseThrow().value()).startsWith(
                System.getProperty("os.arch").equals("amd64") ? "x86_64, " : "aarch64, ");
        assertThat(report.fact("native access").orElseThrow().ok()).isTrue();
        String cgroupMounts = cat("/proc/self/mountinfo");
        assertThat(report.fact("cgroup layout").orElseThrow().ok())
                .isEqualTo(cgroupMounts.contains(" - cgroup2 ") || cgroupMounts.contains(" - cgroup "));
        boolean pasta = List.of("/usr/bin/pasta", "/bin/pasta", "/usr/local/bin/pasta").stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
        assertThat(report.fact("pasta").orElseThrow().ok()).isEqualTo(pasta);
    }

    @Test
    void theJsonParsesAndCarriesTheSameFacts() throws Exception {
        // the project's own minimal JSON parser (sandbox-fs, for OCI manifests), reached from the class path
        Method parse = Class.forName("dev.sandbox4j.fs.internal.MiniJson").getDeclaredMethod("parse", String.class);
        parse.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) parse.invoke(null, report.toJson());
        assertThat(json).containsKeys("kernel", "root", "namespaces", "sysctls", "facts");
        assertThat(json.get("kernel")).isEqualTo(report.kernel());
        assertThat(json.get("sysctls")).isEqualTo(report.sysctls());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> facts = (List<Map<String, Object>>) json.get("facts");
        assertThat(facts).hasSameSizeAs(report.facts());
        for (int i = 0; i < facts.size(); i++) {
            ProbeReport.Fact f = report.facts().get(i);
            assertThat(facts.get(i)).containsEntry("name", f.name()).containsEntry("ok", f.ok())
                    .containsEntry("value", f.value()).containsEntry("fix", f.fix());
        }
    }
}
