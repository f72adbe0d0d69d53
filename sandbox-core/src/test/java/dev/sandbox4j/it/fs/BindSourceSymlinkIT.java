package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxStartException;
import dev.sandbox4j.it.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bind source is never followed through a symlink: one an earlier sandbox
 * planted where it could write ({@code build -> /home/user}) cannot redirect
 * a later bind, whether it is there at {@code build()}, appears before
 * {@code start()}, or appears while the shim mounts. Root and rootless.
 */
class BindSourceSymlinkIT {
    private static final int ELOOP = 40;

    private Path work;
    private Path build;
    private Path secret;

    @BeforeEach
    void aBuildDirAndASecretBesideIt() throws Exception {
        work = Roots.open(Files.createTempDirectory(Path.of("/var/tmp"), "sandbox4j-it-"));
        build = Roots.dir(work.resolve("build"));
        Roots.write(build.resolve("f"), "build output\n");
        secret = Roots.dir(work.resolve("home"));
        Roots.write(secret.resolve("f"), "SECRET\n");
    }

    @AfterEach
    void removeIt() throws Exception {
        Roots.deleteTree(work);
    }

    @Test
    void aSymlinkedSourceIsRefusedByNameWithTheWayToFollowIt() throws Exception {
        Path link = Files.createSymbolicLink(work.resolve("link"), build);
        assertThatThrownBy(() -> Sandbox.builder().bindReadOnly(link, "/in"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bindReadOnly source " + link + " for /in has a symbolic link on its path: " + link + " -> "
                        + build + "; bind sources are not followed through symlinks (a link planted later could "
                        + "redirect the bind). To bind what it points to, pass the resolved path: "
                        + "bindReadOnly(src.toRealPath(), \"/in\")");
        assertThatThrownBy(() -> Sandbox.builder().bind(link.resolve("f"), "/in"))
                .hasMessageContaining("bind source " + link.resolve("f")).hasMessageContaining(link + " -> " + build);

        Run followed = Run.of(Sandbox.builder().bindReadOnly(link.toRealPath(), "/in").command("/bin/cat", "/in/f"));
        assertThat(followed.stdout()).as(followed.toString()).isEqualTo("build output\n");
    }

    @Test
    void aSourceSwappedForASymlinkAfterBuildFailsAtStartNamingThePath() throws Exception {
        Sandbox box = Sandbox.builder().bindReadOnly(build, "/in").command("/bin/cat", "/in/f").build();
        Roots.deleteTree(build);
        Files.createSymbolicLink(build, secret);

        assertThatThrownBy(box::start).isInstanceOfSatisfying(SandboxStartException.class, e -> {
            assertThat(e.step()).isEqualTo("prepare filesystem");
            assertThat(e.getMessage()).contains(build + " for /in has a symbolic link on its path: " + build
                    + " -> " + secret);
        });
    }

    /**
     * The shim opens the source with RESOLVE_NO_SYMLINKS: a link swapped in
     * between Java's check and the mount fails the start with ELOOP naming
     * the host path. A thread flips the source between the directory and a
     * link to the secret while sandboxes start, until the shim has caught
     * the link at least once; no start may ever show the secret.
     */
    @Test
    void aSymlinkSwappedInWhileTheShimMountsFailsWithEloopNamingThePath() throws Exception {
        Path away = work.resolve("build.away");
        Sandbox box = Sandbox.builder().bindReadOnly(build, "/in").command("/bin/cat", "/in/f").build();
        AtomicBoolean stop = new AtomicBoolean();
        Thread flipper = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    Files.move(build, away);
                    // relative: an absolute link would resolve in the shim's base tmpfs, not on the host
                    Files.createSymbolicLink(build, secret.getFileName());
                    Files.delete(build);
                    Files.move(away, build);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int caughtByShim = 0;
        int ran = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (caughtByShim == 0 && System.nanoTime() < deadline) {
                try {
                    try (SandboxProcess p = box.start()) {
                        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        assertThat(out).as("what the bind showed").isEqualTo("build output\n");
                        ran++;
                    }
                } catch (SandboxStartException e) {
                    assertThat(e.getMessage()).contains(build.toString()).doesNotContain("oldroot");
                    if (e.step().equals("openat2") && e.errno() == ELOOP) {
                        assertThat(e.getMessage()).contains("host path " + build + ": a symbolic link is on the path");
                        caughtByShim++;
                    }
                }
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertThat(caughtByShim).as("the shim caught the swapped-in link (%d runs got through)", ran).isPositive();
    }
}
