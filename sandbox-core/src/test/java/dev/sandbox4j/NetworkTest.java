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
    }

    @Test
    void contradictionsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> b().share(Namespace.NET).network(Network.none()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("network(none)").hasMessageContaining("share(Namespace.NET)");
        assertThatThrownBy(() -> b().network(Network.none()).network(Network.host()))
                .hasMessageContaining("network was already set to none");
        assertThatThrownBy(() -> b().network(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void publishedPortsAreCheckedWhenAddedAndInBuild() throws Exception {
        assertThatThrownBy(() -> Network.host().publish(8080, 80)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("publish(8080, 80) needs a network namespace");
        assertThatThrownBy(() -> Network.none().publish(0, 80)).hasMessageContaining("host port 0 is not a TCP port");
        assertThatThrownBy(() -> Network.none().publish(8080, 65536))
                .hasMessageContaining("sandbox port 65536 is not a TCP port: use 1-65535");
        assertThatThrownBy(() -> Network.none().publish(8080, 80).publish(8080, 81))
                .hasMessageContaining("host port 8080 is already published (127.0.0.1:8080->80)");
        Network two = Network.none().publish(18080, 80).publish(18081, 81);
        assertThat(two.published()).extracting(Object::toString)
                .containsExactly("127.0.0.1:18080->80", "127.0.0.1:18081->81");
        assertThat(Network.none()).isEqualTo(Network.none()).isNotEqualTo(two);

        assertThatThrownBy(() -> b().network(Network.none().publish(80, 8080)).build(1000, 1000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("published host port 80 is below").hasMessageContaining("euid 1000");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> b().network(Network.none().publish(port, 80)).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("published host port 127.0.0.1:" + port + " is not free");
        }
    }

    @Test
    void toBuilderKeepsTheNetworkAndMaySetItOnceMore() {
        Sandbox egress = b().network(Network.egress(EgressPolicy.denyAll().allow("a.test", 1))).build();
        assertThat(egress.toBuilder().build().network()).isEqualTo(egress.network());
        assertThat(egress.toBuilder().network(Network.none()).build().network()).isEqualTo(Network.none());
    }

    @Test
    void describeSaysWhichNetwork() {
        assertThat(b().build().describe()).contains("network: none (only lo)");
        assertThat(b().network(Network.egress(EgressPolicy.denyAll().allow("a.test", 1)).publish(18080, 80)).build()
                .describe()).contains("network: egress (only lo; proxy on 127.0.0.1:3128 allowing [a.test:1]), "
                        + "published [127.0.0.1:18080->80]");
    }
}
