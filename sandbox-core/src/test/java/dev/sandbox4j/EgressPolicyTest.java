package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Rules are parsed strictly when they are added, with messages naming the value. */
class EgressPolicyTest {

    @Test
    void namesRangesAndAddressesAreToldApart() throws Exception {
        EgressPolicy p = EgressPolicy.denyAll().allow("API.Example.com", 443).allow("10.1.2.0/24", 5432)
                .allow("::1", 80).allow("fd00::/8", 22);
        assertThat(p.rules()).extracting(Object::toString)
                .containsExactly("api.example.com:443", "10.1.2.0/24:5432", "0:0:0:0:0:0:0:1/128:80", "fd00:0:0:0:0:0:0:0/8:22");
        EgressPolicy.Rule range = p.rules().get(1);
        assertThat(range.host()).isNull();
        assertThat(range.matches(InetAddress.getByName("10.1.2.77"), 5432)).isTrue();
        assertThat(range.matches(InetAddress.getByName("10.1.3.1"), 5432)).isFalse();
        assertThat(range.matches(InetAddress.getByName("10.1.2.77"), 5433)).isFalse();
        // an IPv6 address is never inside an IPv4 range, and the other way round
        assertThat(range.matches(InetAddress.getByName("::ffff:0a01:0201"), 5432)).isTrue(); // v4-mapped = v4
        assertThat(range.matches(InetAddress.getByName("fd00::10.1.2.1"), 5432)).isFalse();
        assertThat(p.rules().get(3).matches(InetAddress.getByName("10.1.2.1"), 22)).isFalse();
        assertThat(p.rules().get(0).matches("api.EXAMPLE.com", 443)).isTrue();
        assertThat(p.rules().get(0).matches("x.api.example.com", 443)).isFalse();
    }

    @Test
    void badRulesAreRefusedNamingTheValue() {
        EgressPolicy p = EgressPolicy.denyAll();
        assertThatThrownBy(() -> p.allow("api.example.com", 0)).hasMessageContaining("egress port 0")
                .hasMessageContaining("1-65535");
        assertThatThrownBy(() -> p.allow("api.example.com", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> p.allow("api_example.com", 443)).hasMessageContaining("'api_example.com'")
                .hasMessageContaining("label 'api_example'");
        assertThatThrownBy(() -> p.allow("-bad.example", 443)).hasMessageContaining("label '-bad'");
        assertThatThrownBy(() -> p.allow("a..b", 443)).hasMessageContaining("label ''");
        assertThatThrownBy(() -> p.allow("", 443)).hasMessageContaining("1-253 characters");
        assertThatThrownBy(() -> p.allow("x".repeat(64) + ".com", 443)).hasMessageContaining("is not 1-63");
        assertThatThrownBy(() -> p.allow("10.1.2.3/24", 1)).hasMessageContaining("10.1.2.3/24")
                .hasMessageContaining("did you mean 10.1.2.0/24");
        assertThatThrownBy(() -> p.allow("10.1.2.0/33", 1)).hasMessageContaining("prefix /33 is not 0-32");
        assertThatThrownBy(() -> p.allow("10.1.2.0/", 1)).hasMessageContaining("prefix / is not 0-32");
        assertThatThrownBy(() -> p.allow("300.1.2.0", 1)).hasMessageContaining("octet 300 is over 255");
        assertThatThrownBy(() -> p.allow("example.com/8", 1)).hasMessageContaining("is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> p.allow("fd00::1::2", 1)).hasMessageContaining("not a valid IPv6 address");
        assertThatThrownBy(() -> p.allow("fd00::/129", 1)).hasMessageContaining("prefix /129 is not 0-128");
        assertThatThrownBy(() -> p.allow(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void egressNeedsItsOwnNetworkNamespace() {
        assertThatThrownBy(() -> Sandbox.builder().command("/bin/true").share(Namespace.NET)
                .network(Network.egress(EgressPolicy.denyAll())).build())
                .hasMessageContaining("network(egress) conflicts with share(Namespace.NET)");
    }

    @Test
    void egressAnnouncesTheProxyInTheEnvironment() {
        Sandbox s = Sandbox.builder().command("/bin/true").network(Network.egress(EgressPolicy.denyAll())).build();
        assertThat(s.spec().environment()).containsEntry("HTTP_PROXY", "http://127.0.0.1:3128")
                .containsEntry("http_proxy", "http://127.0.0.1:3128")
                .containsEntry("HTTPS_PROXY", "http://127.0.0.1:3128")
                .containsEntry("https_proxy", "http://127.0.0.1:3128")
                .containsEntry("ALL_PROXY", "socks5h://127.0.0.1:3128")
                .containsEntry("all_proxy", "socks5h://127.0.0.1:3128");
        assertThat(Sandbox.builder().command("/bin/true").build().spec().environment()).doesNotContainKey("http_proxy");
    }
}
