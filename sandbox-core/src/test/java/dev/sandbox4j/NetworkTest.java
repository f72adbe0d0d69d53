package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code network(...)} and the older NET namespace settings say one thing or are refused. */
class NetworkTest {

    private static SandboxBuilder b() {
        return Sandbox.builder().command("/bin/true");
    }

    @Test
    void noneIsTheDefaultAndHasItsOwnNamespace() {
        Sandbox s = b().build();
        assertThat(s.network()).isEqualTo(Network.none());
        assertThat(s.spec().has(Namespace.NET)).isTrue();
        assertThat(b().network(Network.none()).build().spec().has(Namespace.NET)).isTrue();
    }

    @Test
    void hostIsShareNetAndTheOtherWayRound() {
        Sandbox viaNetwork = b().network(Network.host()).build();
        assertThat(viaNetwork.spec().has(Namespace.NET)).isFalse();
        assertThat(viaNetwork.network()).isEqualTo(Network.host());
        Sandbox viaShare = b().share(Namespace.NET).build();
        assertThat(viaShare.network()).isEqualTo(Network.host());
        assertThat(viaShare.spec().namespaces()).isEqualTo(viaNetwork.spec().namespaces());
        // saying the same thing twice is fine
        assertThat(b().share(Namespace.NET).network(Network.host()).build().spec().has(Namespace.NET)).isFalse();
        assertThat(b().netNs().network(Network.none()).build().spec().has(Namespace.NET)).isTrue();
    }

    @Test
    void contradictionsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> b().share(Namespace.NET).network(Network.none()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("network(none)").hasMessageContaining("share(Namespace.NET)");
        assertThatThrownBy(() -> b().netNs().network(Network.host()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("network(host)").hasMessageContaining("netNs()");
        assertThatThrownBy(() -> b().network(Network.none()).network(Network.host()))
                .hasMessageContaining("network was already set to none");
        assertThatThrownBy(() -> b().network(null)).isInstanceOf(NullPointerException.class);
    }
}
