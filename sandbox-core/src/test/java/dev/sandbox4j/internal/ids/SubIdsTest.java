package dev.sandbox4j.internal.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a rootless caller's subordinate ids, and saying what is missing otherwise. */
class SubIdsTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> helpers() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String h : List.of("newuidmap", "newgidmap")) {
            Files.writeString(bin.resolve(h), "");
            Files.setPosixFilePermissions(bin.resolve(h), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return List.of(bin.toString());
    }

    @Test
    void anEntryByNameOrUidWithTheHelpersMapsUpTo65535Ids() throws Exception {
        Path uid = file("subuid", "other:1:5\nalice:100000:65536\n");
        Path gid = file("subgid", "1000:200000:70000\n");
        SubIds.Lookup l = SubIds.find(1000, "alice", uid, gid, helpers());
        assertThat(l).isInstanceOf(SubIds.Found.class);
        SubIds ids = ((SubIds.Found) l).ids();
        assertThat(ids.uidStart()).isEqualTo(100000);
        assertThat(ids.gidStart()).isEqualTo(200000);
        assertThat(ids.count()).isEqualTo(65535);
        assertThat(ids.newuidmap()).endsWith("/bin/newuidmap");
    }

    @Test
    void noEntrySaysWhichFileAndHowToAddOne() throws Exception {
        Path uid = file("subuid", "bob:100000:65536\n");
        Path gid = file("subgid", "alice:100000:65536\n");
        SubIds.Lookup l = SubIds.find(1000, "alice", uid, gid, helpers());
        assertThat(((SubIds.Missing) l).why()).contains("no entry for alice (uid 1000) in " + uid)
                .contains("usermod --add-subuids 100000-165535 --add-subgids 100000-165535 alice");
    }

    @Test
    void withoutTheHelpersItSaysToInstallUidmap() throws Exception {
        Path uid = file("subuid", "alice:100000:65536\n");
        SubIds.Lookup l = SubIds.find(1000, "alice", uid, uid, List.of(dir.resolve("none").toString()));
        assertThat(((SubIds.Missing) l).why()).contains("newuidmap/newgidmap not found").contains("apt-get install uidmap");
    }
}
