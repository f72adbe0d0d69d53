package dev.sandbox4j.examples;

import static dev.sandbox4j.examples.Cli.configured;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Capability;
import dev.sandbox4j.ResourceLimit;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SeccompProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hardening options reach the builder, which names the value already set when set again. */
class HardeningOptionsTest {
    private static final SeccompProfile ANY = SeccompProfile.allowAll();

    @Test
    void seccompChoices() {
        int defaults = SeccompProfile.defaultProfile().rules().size();
        assertThatThrownBy(() -> configured("--seccomp", "none", "--", "/bin/true").seccomp(ANY))
                .hasMessageContaining("seccomp was already set to none");
        assertThatThrownBy(() -> configured("--seccomp", "default", "--", "/bin/true").seccomp(ANY))
                .hasMessageContaining("seccomp was already set to " + defaults + " rules");
        assertThatThrownBy(() -> configured("--seccomp-kill", "--", "/bin/true").seccomp(ANY))
                .hasMessageContaining("seccomp was already set to " + defaults + " rules");
        assertThatCode(() -> configured("--", "/bin/true").seccomp(ANY)).doesNotThrowAnyException();
    }

    @Test
    void seccompRuleFile(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules"), "allow read write exit_group\ndefault errno EPERM\n");
        assertThatThrownBy(() -> configured("--seccomp", rules.toString(), "--", "/bin/true").seccomp(ANY))
                .hasMessageContaining("seccomp was already set to 3 rules");
        assertThatThrownBy(() -> configured("--seccomp", dir.resolve("missing").toString(), "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }

    @Test
    void seccompKillNeedsAFilter() {
        assertThatThrownBy(() -> configured("--seccomp", "none", "--seccomp-kill", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seccomp-kill");
    }

    @Test
    void capabilitiesRlimitsCpuTimeAndFds() {
        SandboxBuilder b = configured("--cap-add", "net_bind_service", "--cap-add", "CAP_CHOWN",
                "--rlimit", "nofile=64", "--rlimit", "fsize=1M:2M", "--rlimit", "core=0:unlimited",
                "--cpu-time", "2s", "--pass-fd", "5", "--", "/bin/true");
        assertThatThrownBy(() -> b.capabilities(Set.of()))
                .hasMessageContaining("CAP_NET_BIND_SERVICE").hasMessageContaining("CAP_CHOWN");
        assertThatThrownBy(() -> b.rlimit(ResourceLimit.NOFILE, 1, 1)).hasMessageContaining("64:64");
        assertThatThrownBy(() -> b.rlimit(ResourceLimit.FSIZE, 1, 1)).hasMessageContaining("1048576:2097152");
        assertThatThrownBy(() -> b.rlimit(ResourceLimit.CORE, 1, 1)).hasMessageContaining("0:-1");
        assertThatThrownBy(() -> b.cpuTimeLimit(Duration.ofSeconds(1))).hasMessageContaining("PT2S");
        assertThatThrownBy(() -> b.passFd(5)).hasMessageContaining("passFd 5 was already given");
        assertThatCode(() -> b.passFd(6)).doesNotThrowAnyException();
        assertThatCode(() -> Capability.fromName("chown")).doesNotThrowAnyException();
    }

    @Test
    void malformedValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> configured("--rlimit", "nofile", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nofile'");
        assertThatThrownBy(() -> configured("--rlimit", "nofile=lots", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> configured("--rlimit", "nofile=1:2:3", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nofile=1:2:3'");
        assertThatThrownBy(() -> configured("--rlimit", "bogus=1", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bogus'");
        assertThatThrownBy(() -> configured("--cap-add", "superpowers", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'superpowers'");
        assertThatThrownBy(() -> configured("--pass-fd", "1", "--", "/bin/true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passFd 1");
    }
}
