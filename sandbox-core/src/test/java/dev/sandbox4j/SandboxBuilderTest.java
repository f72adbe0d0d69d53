package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input is rejected before anything is spawned, with a message naming the value. */
class SandboxBuilderTest {

    @Test
    void emptyCommand() {
        assertThatThrownBy(() -> Sandbox.builder().build()).hasMessageContaining("command is empty");
        assertThatThrownBy(() -> Sandbox.builder().command().build()).hasMessageContaining("command is empty");
    }

    @Test
    void programNotFoundInPath() {
        assertThatThrownBy(() -> Sandbox.builder().command("no-such-program-xyz").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no-such-program-xyz'").hasMessageContaining("PATH=");
    }

    @Test
    void aHostProgramUnderTheSandboxsPrivateTmpIsNotFound() throws Exception {
        java.nio.file.Path prog = java.nio.file.Files.createTempFile("sandbox4j-lookup", ".sh");
        try {
            prog.toFile().setExecutable(true);
            // /tmp inside is a fresh tmpfs: the host's file is not there
            assertThatThrownBy(() -> Sandbox.builder().command(prog.toString()).build())
                    .hasMessageContaining("'" + prog + "'").hasMessageContaining("does not exist");
            // sharing the mount namespace keeps the host's /tmp
            SandboxBuilder shared = Sandbox.builder().command(prog.toString());
            shared.share(Namespace.MOUNT);
            assertThat(shared.build()).isNotNull();
        } finally {
            java.nio.file.Files.delete(prog);
        }
    }

    @Test
    void relativeProgramPathThatDoesNotExist() {
        assertThatThrownBy(() -> Sandbox.builder().workDir("/tmp").command("./nope/prog").build())
                .hasMessageContaining("'./nope/prog'").hasMessageContaining("/tmp/./nope/prog");
    }

    @Test
    void hostnameOver64BytesOrWithSlash() {
        assertThatThrownBy(() -> Sandbox.builder().hostname("h".repeat(65)).command("true").build())
                .hasMessageContaining("65 bytes").hasMessageContaining("1 to 64 bytes");
        assertThatThrownBy(() -> Sandbox.builder().hostname("a/b").command("true").build())
                .hasMessageContaining("'a/b'");
        assertThat(Sandbox.builder().hostname("h".repeat(64)).command("true").build()).isNotNull();
    }

    @Test
    void uidOutsideTheMappableRangeWhenRootless() {
        assertThatThrownBy(() -> Sandbox.builder().uid(65535).command("true").specForTest(1000))
                .hasMessageContaining("uid 65535").hasMessageContaining("0..65534");
        assertThatThrownBy(() -> Sandbox.builder().gid(-1).command("true").specForTest(1000))
                .hasMessageContaining("gid 4294967295");
        assertThat(Sandbox.builder().uid(65535).command("true").specForTest(0).uid()).isEqualTo(65535);
    }

    @Test
    void duplicateOptionsFailFastNamingTheFirstValue() {
        assertThatThrownBy(() -> Sandbox.builder().hostname("a").hostname("b"))
                .hasMessage("hostname was already set to a");
        assertThatThrownBy(() -> Sandbox.builder().timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
                .hasMessage("timeout was already set to PT1S");
        assertThatThrownBy(() -> Sandbox.builder().share(Namespace.NET).share(Namespace.NET))
                .hasMessage("net namespace was already set to shared");
        assertThatThrownBy(() -> Sandbox.builder().env("A", "1").env("A", "2"))
                .hasMessage("environment variable A was already set to 1");
    }

    @Test
    void rootlessNeedsTheUserNamespace() {
        assertThatThrownBy(() -> Sandbox.builder().share(Namespace.USER).command("true").specForTest(1000))
                .hasMessageContaining("user namespace is required");
        // nothing to unshare at all: fine without one
        SandboxBuilder none = Sandbox.builder().command("true").accounting(); // a shared pid namespace needs a cgroup
        none.share(Namespace.values());
        assertThat(none.specForTest(1000).namespaces()).isEmpty();
    }

    @Test
    void badValues() {
        assertThatThrownBy(() -> Sandbox.builder().timeout(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Sandbox.builder().env("A=B", "x")).hasMessageContaining("'A=B'");
        assertThatThrownBy(() -> Sandbox.builder().workDir("tmp").command("true").build())
                .hasMessageContaining("'tmp'");
        assertThatThrownBy(() -> Sandbox.builder().hostname("x").share(Namespace.UTS).command("true").build())
                .hasMessageContaining("UTS is shared");
    }

    @Test
    void passFdBeyondWhatOneLaunchCarries() {
        SandboxBuilder b = Sandbox.builder();
        for (int fd = 3; fd < 3 + 247; fd++) {
            b.passFd(fd);
        }
        assertThatThrownBy(() -> b.passFd(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passFd 1000").hasMessageContaining("at most 247");
    }
}
