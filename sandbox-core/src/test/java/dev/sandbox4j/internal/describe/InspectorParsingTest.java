package dev.sandbox4j.internal.describe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.SandboxDescription;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The /proc formats describe() reads, and its JSON. */
class InspectorParsingTest {

    @Test
    void mountinfoWithOptionalFieldsAndEscapedNames() {
        String info = "22 1 0:21 / / ro,nosuid shared:1 master:2 - tmpfs tmpfs rw,size=64k\n"
                + "23 22 8:1 /srv/my\\040data /data rw,relatime - ext4 /dev/sda1 rw\n";
        assertThat(Inspector.mounts(info)).containsExactly(
                new SandboxDescription.Mount("/", "/", "tmpfs", "tmpfs", "ro,nosuid"),
                new SandboxDescription.Mount("/data", "/srv/my data", "ext4", "/dev/sda1", "rw,relatime"));
    }

    @Test
    void limitsWithNamesOfSeveralWords() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max open files            256                  256                  files     \n";
        assertThat(Inspector.rlimits(limits)).containsExactly(
                new SandboxDescription.Rlimit("Max cpu time", "unlimited", "unlimited"),
                new SandboxDescription.Rlimit("Max open files", "256", "256"));
    }

    @Test
    void interfacesOfNetDev() {
        String dev = "Inter-|   Receive                            |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes\n"
                + "    lo:       0       0    0    0    0     0          0         0        0\n"
                + "  eth0: 1 2 3 4 5 6 7 8 9\n";
        assertThat(Inspector.interfaces(dev)).containsExactly("lo", "eth0");
    }

    record Inner(String s, OptionalLong n, Optional<String> o) {}

    record Outer(List<Inner> list, Map<String, Integer> map, boolean b) {}

    @Test
    void jsonOfRecordsEscapesStrings() {
        Outer o = new Outer(List.of(new Inner("a\"b\\c\n\u0001", OptionalLong.of(5), Optional.empty())),
                Map.of("k", 1), true);
        assertThat(RecordTree.json(o)).isEqualTo(
                "{\"list\":[{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":5,\"o\":null}],\"map\":{\"k\":1},\"b\":true}");
    }
}
