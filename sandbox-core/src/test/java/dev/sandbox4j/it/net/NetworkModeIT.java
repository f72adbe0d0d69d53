package dev.sandbox4j.it.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.Network;
import dev.sandbox4j.Sandbox;
import dev.sandbox4j.it.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What interfaces a program sees under each network mode, read from inside. */
class NetworkModeIT {

    /** Interface names from /proc/net/dev text (two header lines, then "name: counters"). */
    private static Set<String> interfaces(String procNetDev) {
        Set<String> names = new TreeSet<>();
        List<String> lines = procNetDev.lines().toList();
        for (String line : lines.subList(2, lines.size())) {
            names.add(line.substring(0, line.indexOf(':')).trim());
        }
        return names;
    }

    @Test
    void noneHasOnlyLoopback() throws Exception {
        Run r = Run.sh(Sandbox.builder().network(Network.none()), "cat /proc/net/dev");
        assertThat(r.result().exitCode()).as(r.toString()).hasValue(0);
        assertThat(interfaces(r.stdout())).containsExactly("lo");
    }

    @Test
    void hostSeesTheHostsInterfaces() throws Exception {
        Set<String> host = interfaces(Files.readString(Path.of("/proc/net/dev")));
        Run r = Run.sh(Sandbox.builder().network(Network.host()), "cat /proc/net/dev");
        assertThat(r.result().exitCode()).as(r.toString()).hasValue(0);
        assertThat(host).hasSizeGreaterThan(1); // a machine with only lo could not tell the two apart
        assertThat(interfaces(r.stdout())).isEqualTo(host);
    }
}
