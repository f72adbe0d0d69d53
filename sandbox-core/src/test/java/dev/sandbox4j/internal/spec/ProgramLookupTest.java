package dev.sandbox4j.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.fs.MountPlan;
import dev.sandbox4j.fs.RootSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** build()'s check that the program is inside the root the sandbox gets, on this host's files. */
class ProgramLookupTest {
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** Not under /tmp, which every default root covers with its own tmpfs. */
    private Path tmp;
    private Path tool;

    @BeforeEach
    void aHostProgramOutsideUsr() throws Exception {
        tmp = Files.createTempDirectory(Path.of("/var/tmp"), "sandbox4j-test-");
        tool = Files.writeString(tmp.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeIt() throws Exception {
        Files.delete(tool);
        Files.delete(tmp);
    }

    @Test
    void theMinimalRootFindsHostProgramsThroughItsBinLinksAndPath() {
        MountPlan plan = MountPlan.builder().build();
        for (String prog : List.of("/bin/sh", "/usr/bin/env", "sh", "env")) {
            assertThat(check(prog, plan)).containsExactly(prog, "arg");
        }
    }

    @Test
    void aProgramOutsideTheMinimalRootIsRefusedNamingItAndTheBindThatBringsItIn() {
        assertThatThrownBy(() -> check(tool.toString(), MountPlan.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("program '" + tool + "' is not found: " + tool + " does not exist in the sandbox's minimal"
                        + " root (of the host only /usr, /etc, /bin, /sbin and /lib*); give an absolute path of a"
                        + " program inside the sandbox, or bring its directory in with bindReadOnly(Path.of(\"" + tmp
                        + "\"), \"" + tmp + "\") (or choose hostRootReadOnly(), which exposes every host file the"
                        + " sandbox may read)");
        assertThat(check(tool.toString(), MountPlan.builder().bindReadOnly(tmp, tmp.toString()).build()))
                .containsExactly(tool.toString(), "arg");
        assertThat(check(tool.toString(), MountPlan.builder().root(RootSource.hostReadOnly()).build()))
                .as("the host root holds it").containsExactly(tool.toString(), "arg");
    }

    @Test
    void aNameNotOnThePathIsRefusedWithTheHint() {
        assertThatThrownBy(() -> check("sandbox4j-no-such-program", MountPlan.builder().build()))
                .hasMessageStartingWith("program 'sandbox4j-no-such-program' is not found in the sandbox's PATH=" + PATH
                        + " in the sandbox's minimal root")
                .hasMessageContaining("bindReadOnly(Path.of(\"DIR\"), \"DIR\")");
    }

    @Test
    void aSymlinkLoopInThePlanEndsTheLookup() {
        MountPlan plan = MountPlan.builder().symlink("b", "/a").symlink("a", "/b").build();
        assertThatThrownBy(() -> check("/a/prog", plan)).hasMessageContaining("/a/prog does not exist");
    }

    private static List<String> check(String prog, MountPlan plan) {
        return ProgramLookup.check(List.of(prog, "arg"), PATH, null, plan.root(), plan.steps());
    }
}
