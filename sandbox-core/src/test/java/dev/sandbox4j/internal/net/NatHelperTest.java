package dev.sandbox4j.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandbox4j.NatBackend;
import dev.sandbox4j.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend {@link Network#nat()} picks, what it refuses, and the options that keep the host's loopback out. */
class NatHelperTest {
    @TempDir
    Path dir;

    private Set<String> with(String... programs) throws IOException {
        for (String p : programs) {
            Files.writeString(dir.resolve(p), "#!/bin/sh\n");
            Files.setPosixFilePermissions(dir.resolve(p), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return Set.of(dir.toString());
    }

    @Test
    void neitherInstalledNamesBothPackages() throws IOException {
        assertThatThrownBy(() -> NatHelper.locate(Network.nat(), true, with()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("network nat").hasMessageContaining("install the package passt")
                .hasMessageContaining("install the package slirp4netns").hasMessageContaining(dir.toString());
    }

    @Test
    void pastaFirstThenSlirp4netns() throws IOException {
        Set<String> both = with("pasta", "slirp4netns");
        assertThat(NatHelper.locate(Network.nat(), true, both).backend()).isEqualTo(NatBackend.PASTA);
        assertThat(NatHelper.locate(Network.nat(NatBackend.SLIRP4NETNS), true, both).backend())
                .isEqualTo(NatBackend.SLIRP4NETNS);
        // pasta joins the sandbox's namespaces through its user namespace: without one, slirp4netns
        assertThat(NatHelper.locate(Network.nat(), false, both).backend()).isEqualTo(NatBackend.SLIRP4NETNS);
    }

    @Test
    void anAskedForBackendThatIsMissingOrUnfitIsNamed() throws IOException {
        Set<String> pastaOnly = with("pasta");
        assertThatThrownBy(() -> NatHelper.locate(Network.nat(NatBackend.SLIRP4NETNS), true, pastaOnly))
                .hasMessageContaining("slirp4netns (install the package slirp4netns)")
                .hasMessageNotContaining("passt");
        assertThatThrownBy(() -> NatHelper.locate(Network.nat(), false, pastaOnly))
                .hasMessageContaining("pasta, which needs the sandbox's user namespace");
    }

    @Test
    void hostLoopbackStaysOutUnlessAllowed() {
        assertThat(NatHelper.arguments(NatBackend.PASTA, false, true)).containsSequence("-T", "none")
                .contains("--no-map-gw").containsSequence("-t", "none").containsSequence("-u", "none");
        assertThat(NatHelper.arguments(NatBackend.PASTA, true, true)).containsSequence("-T", "auto")
                .doesNotContain("--no-map-gw").containsSequence("-t", "none");
        assertThat(NatHelper.arguments(NatBackend.SLIRP4NETNS, false, true)).contains("--disable-host-loopback");
        assertThat(NatHelper.arguments(NatBackend.SLIRP4NETNS, true, false)).doesNotContain("--disable-host-loopback")
                .noneMatch(a -> a.startsWith("--userns-path")).endsWith("/proc/self/fd/5", "eth0");
    }

    @Test
    void allowHostLoopbackIsForNatOnly() {
        assertThatThrownBy(() -> Network.none().allowHostLoopback()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowHostLoopback()").hasMessageContaining("network none");
        Network n = Network.nat().allowHostLoopback().publish(8080, 80);
        assertThat(n.hostLoopbackAllowed()).isTrue();
        assertThat(n.mode()).isEqualTo(Network.Mode.NAT);
        assertThat(n).isNotEqualTo(Network.nat().publish(8080, 80));
        assertThat(n.toString()).isEqualTo("nat");
    }
}
