package dev.sandbox4j.it.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sandbox4j.Capability;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.it.Run;
import dev.sandbox4j.fs.Change;
import dev.sandbox4j.fs.OverlayDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full range of ids inside: what changes identity works as in a container. The program keeps the
 * capabilities such programs need (Docker's defaults among them); without them root inside may not
 * change ids at all.
 */
class FullIdRangeIT {
    private static final Set<Capability> ID_CAPS = Set.of(Capability.CAP_CHOWN, Capability.CAP_SETUID,
            Capability.CAP_SETGID, Capability.CAP_FOWNER, Capability.CAP_DAC_OVERRIDE);

    @BeforeEach
    void withARange() throws Exception {
        assumeTrue(mapsARange(), "rootless without subordinate ids only the caller's own id is mapped: "
                + Sandbox.probe().ids());
    }

    /** As root always; rootless with /etc/subuid entries and newuidmap (as .ci/run sets up). */
    static boolean mapsARange() throws Exception {
        Run r = Run.sh(Sandbox.builder(), "cat /proc/self/uid_map");
        return r.stdout().lines().mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[2])).sum() >= 65536;
    }

    private static SandboxBuilder box() {
        return Sandbox.builder().capabilities(ID_CAPS);
    }

    @Test
    void chownToAnotherIdSucceedsAndStatShowsIt() throws Exception {
        Run r = Run.sh(box(), "cd /tmp && touch f && chown 1000:1000 f && stat -c '%u:%g' f");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("1000:1000\n");
    }

    @Test
    void setgroupsAndPythonsUserAndGroupSwitchWork() throws Exception {
        Run r = Run.of(box().command("/usr/bin/python3", "-c", """
                import os, subprocess
                os.setgroups([1, 2])
                print(sorted(os.getgroups()))
                print(subprocess.run(["id"], user="nobody", group="nogroup", capture_output=True,
                                     text=True).stdout.strip())
                """));
        assertThat(r.stdout()).as(r.toString()).startsWith("[1, 2]\nuid=65534(nobody) gid=65534(nogroup)");
    }

    @Test
    void suRunsACommandAsNobody() throws Exception {
        Run r = Run.of(box().command("/bin/su", "-s", "/bin/sh", "nobody", "-c", "id -u"));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("65534\n");
    }

    @Test
    void setprivDropsToAnotherUser() throws Exception {
        Run r = Run.of(box().command("/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
                "/usr/bin/id", "-u"));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("1000\n");
    }

    @Test
    void aTarWithSeveralOwnersUnpacksWithThoseOwners() throws Exception {
        Run r = Run.of(box().command("/usr/bin/python3", "-c", """
                import io, os, tarfile
                buf = io.BytesIO()
                with tarfile.open(fileobj=buf, mode="w") as t:
                    for name, uid, gid in [("a", 0, 0), ("b", 1000, 100), ("c", 65534, 65534), ("d", 33, 44)]:
                        info = tarfile.TarInfo(name)
                        info.uid, info.gid, info.size = uid, gid, 1
                        t.addfile(info, io.BytesIO(b"x"))
                buf.seek(0)
                os.mkdir("/tmp/out")
                with tarfile.open(fileobj=buf) as t:
                    t.extractall("/tmp/out", numeric_owner=True)
                for n in "abcd":
                    s = os.stat("/tmp/out/" + n)
                    print(n, s.st_uid, s.st_gid)
                """));
        assertThat(r.stdout()).as(r.toString()).isEqualTo("a 0 0\nb 1000 100\nc 65534 65534\nd 33 44\n");
    }

    @Test
    void theProgramMayRunAsAnyIdOfTheRange() throws Exception {
        Run r = Run.sh(Sandbox.builder().uid(40000).gid(50000), "id -u; id -g");
        assertThat(r.stdout()).as(r.toString()).isEqualTo("40000\n50000\n");
    }

    @Test
    void aFileOfAnotherIdInAnOverlayIsListedAndBelongsToThatIdOfTheRangeOnTheHost(@TempDir Path dir)
            throws Exception {
        Path lower = Files.createDirectory(dir.resolve("lower"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        for (Path p : List.of(dir, lower, upper)) { // as root, root inside is an id of the sandbox's own range
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Run r = Run.sh(box().overlay(List.of(lower), upper, "/tmp/o"),
                "cat /proc/self/uid_map; touch /tmp/o/f && chown 1000:1000 /tmp/o/f && stat -c %u /tmp/o/f");
        assertThat(OverlayDiff.changes(upper, List.of(lower))).as(r.toString())
                .containsExactly(new Change(Change.Kind.ADDED, "/f"));
        long host = -1;
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && 1000 >= Long.parseLong(f[0]) && 1000 < Long.parseLong(f[0]) + Long.parseLong(f[2])) {
                host = Long.parseLong(f[1]) + 1000 - Long.parseLong(f[0]);
            }
        }
        assertThat(r.stdout()).endsWith("\n1000\n");
        assertThat(Integer.toUnsignedLong((Integer) Files.getAttribute(upper.resolve("f"), "unix:uid")))
                .as("on the host: inside id 1000 of the sandbox's map").isEqualTo(host);
    }
}
