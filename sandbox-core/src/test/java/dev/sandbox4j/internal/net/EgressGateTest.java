package dev.sandbox4j.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.EgressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions on names and addresses, with a resolver that answers from a table (no DNS). */
class EgressGateTest {
    private static List<InetAddress> table(String name) throws UnknownHostException {
        return switch (name) {
            case "dual.test" -> List.of(InetAddress.getByName("2001:db8::5"), InetAddress.getByName("10.1.2.5"));
            case "v6only.test" -> List.of(InetAddress.getByName("2001:db8::6"));
            default -> throw new UnknownHostException(name);
        };
    }

    private static EgressGate gate(EgressPolicy p) {
        return new EgressGate(p.resolver(EgressGateTest::table), "test");
    }

    @Test
    void anIpv6AnswerCannotGetAroundAnIpv4Range() throws Exception {
        EgressGate g = gate(EgressPolicy.denyAll().allow("10.1.2.0/24", 5432));
        EgressGate.Decision dual = g.decide("dual.test", 5432);
        assertThat(dual.addresses()).containsExactly(InetAddress.getByName("10.1.2.5")); // the AAAA is dropped
        assertThat(g.decide("v6only.test", 5432).allowed()).isFalse();
        assertThat(g.decide("2001:db8::5", 5432).allowed()).isFalse();
        assertThat(g.decide("10.1.2.9", 5432).addresses()).containsExactly(InetAddress.getByName("10.1.2.9"));
        assertThat(g.decide("10.1.2.9", 5433).allowed()).isFalse();
    }

    @Test
    void aNameRuleAllowsEveryAddressOfThatNameOnlyOnItsPort() {
        EgressGate g = gate(EgressPolicy.denyAll().allow("dual.test", 443));
        assertThat(g.decide("DUAL.test", 443).addresses()).hasSize(2);
        assertThat(g.decide("dual.test", 80).allowed()).isFalse();
        assertThat(g.decide("10.1.2.5", 443).allowed()).isFalse(); // its address is not its name
        assertThat(g.decide("nowhere.test", 443).reason()).contains("cannot resolve nowhere.test");
        assertThat(g.decide("bad_name", 443).reason()).contains("not a host name or address");
        assertThat(g.decide("dual.test", 0).reason()).contains("port out of range");
    }

    @Test
    void askDecidesOnlyWhatNoRuleDoes() {
        List<String> asked = new java.util.ArrayList<>();
        EgressGate g = gate(EgressPolicy.denyAll().allow("dual.test", 443).ask((h, p) -> {
            asked.add(h + ":" + p);
            return h.equals("v6only.test");
        }));
        assertThat(g.decide("dual.test", 443).reason()).isEqualTo("rule dual.test:443");
        assertThat(g.decide("v6only.test", 443).reason()).isEqualTo("ask answered yes");
        assertThat(g.decide("dual.test", 80).reason()).isEqualTo("ask answered no");
        assertThat(asked).containsExactly("v6only.test:443", "dual.test:80");
        EgressGate throwing = gate(EgressPolicy.denyAll().ask((h, p) -> {
            throw new IllegalStateException("boom");
        }));
        assertThat(throwing.decide("dual.test", 1).reason()).contains("ask callback failed", "boom");
    }
}
