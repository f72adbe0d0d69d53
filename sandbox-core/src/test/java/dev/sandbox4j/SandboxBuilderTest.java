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
    void asRootAnIdMustLieInTheSandboxsRangeAndNeverAbove2To31() {
        assertThatThrownBy(() -> Sandbox.builder().uid(-1).command("true").specForTest(0))
                .hasMessage("uid 4294967295 is above 2147483647 (2^31-1), which no id may exceed: use 0..65535");
        assertThatThrownBy(() -> Sandbox.builder().gid(65536).command("true").specForTest(0))
                .hasMessage("gid 65536 is not mapped: use 0..65535 (the sandbox maps 65536 ids; raise "
                        + "hostIdsPerSandbox for more)");
        assertThatThrownBy(() -> Sandbox.builder().hostIdsPerSandbox(1).uid(1).command("true").specForTest(0))
                .hasMessageContaining("uid 1 is not mapped: use 0..0");
        assertThat(Sandbox.builder().hostIdsPerSandbox(200_000).uid(199_999).command("true").specForTest(0)
                .idPolicy().perSandbox()).isEqualTo(200_000);
        // without a user namespace the id is the host's own
        assertThat(Sandbox.builder().share(Namespace.USER).uid(2_000_000_000).command("true").specForTest(0)
                .uid()).isEqualTo(2_000_000_000);
    }

    @Test
    void hostIdSettingsAreCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Sandbox.builder().hostIdsPerSandbox(0).command("true").specForTest(0))
                .hasMessage("hostIdsPerSandbox 0 is out of range: use 1..4294967295");
        assertThatThrownBy(() -> Sandbox.builder().hostIdsPerSandbox((1L << 32) + 1).command("true").specForTest(0))
                .hasMessage("hostIdsPerSandbox 4294967297 is out of range: use 1..4294967295");
        assertThatThrownBy(() -> Sandbox.builder().hostIdRange(0, 65536).command("true").specForTest(0))
                .hasMessageContaining("hostIdRange 0:65536 is out of range");
        assertThatThrownBy(() -> Sandbox.builder().hostIdRange(4_294_967_000L, 65536).command("true")
                .specForTest(0)).hasMessageContaining("must lie in 1..4294967294");
        assertThatThrownBy(() -> Sandbox.builder().hostIdRange(3_000_000_000L, 1000).command("true")
                .specForTest(0)).hasMessageContaining("hostIdsPerSandbox 65536 is larger than the host id range");
        assertThatThrownBy(() -> Sandbox.builder().hostIdsPerSandbox(10).command("true").specForTest(1000))
                .hasMessageContaining("apply to sandboxes started as root").hasMessageContaining("euid 1000");
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

    @Test
    void idMapEntriesAreCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 3_000_000_000L, 100).idMap(50, 3_100_000_000L, 10)
                .command("true").specForTest(0)).hasMessage("idMap(0, 3000000000, 100) and idMap(50, 3100000000, 10) "
                        + "overlap in their inside ids");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 3_000_000_000L, 100).idMap(100, 3_000_000_050L, 10)
                .command("true").specForTest(0)).hasMessageContaining("overlap in their host ids");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 3_000_000_000L, 0).command("true").specForTest(0))
                .hasMessage("idMap(0, 3000000000, 0): count 0 is out of range: use 1..4294967295");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 1, (1L << 32) + 1).command("true").specForTest(0))
                .hasMessageContaining("count 4294967297 is out of range: use 1..4294967295");
        assertThatThrownBy(() -> Sandbox.builder().idMap(1, 3_000_000_000L, 10).command("true").specForTest(0))
                .hasMessageContaining("leave inside id 0 unmapped");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 0, 10).command("true").specForTest(0))
                .hasMessageContaining("maps the host's root");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 3_000_000_000L, 10).uid(10).command("true")
                .specForTest(0)).hasMessage("uid 10 is not mapped by [idMap(0, 3000000000, 10)]");
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 4_294_967_290L, 10).command("true").specForTest(0))
                .hasMessageContaining("out of range: inside and host ids must lie in 0..4294967294");
        // rootless: the caller here has no subordinate ids as uid 1000
        assertThatThrownBy(() -> Sandbox.builder().idMap(0, 1000, 1).command("true").specForTest(1000))
                .hasMessageContaining("idMap needs subordinate ids when not running as root");
        assertThat(Sandbox.builder().idMap(0, 3_000_000_000L, 10).idMap(10, 3_000_100_000L, 5).uid(12)
                .command("true").specForTest(0).idPolicy().map().text())
                .isEqualTo("0 3000000000 10\n10 3000100000 5\n");
    }
}
