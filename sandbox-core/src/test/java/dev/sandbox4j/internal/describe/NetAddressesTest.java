package dev.sandbox4j.internal.describe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The addresses describe() reports, read from the texts the kernel writes. */
class NetAddressesTest {
    private static final String FIB_TRIE = """
            Main:
              +-- 0.0.0.0/0 3 0 5
                 +-- 10.88.0.0/24 2 0 2
                    |-- 10.88.0.0
                       /24 link UNICAST
                    |-- 10.88.0.2
                       /32 host LOCAL
                 |-- 127.0.0.1
                    /32 host LOCAL
                    |-- 10.88.0.255
                       /32 link BROADCAST
            Local:
                 |-- 127.0.0.1
                    /32 host LOCAL
                    |-- 10.88.0.2
                       /32 host LOCAL
            """;

    @Test
    void localIpv4EntriesOnceEachThenIpv6() {
        String ifInet6 = """
                fd000000000000000000000000000002 04 40 00 82     eth0
                00000000000000000000000000000001 01 80 10 80       lo
                """;
        assertThat(NetAddresses.of(FIB_TRIE, ifInet6)).containsExactly("10.88.0.2", "127.0.0.1", "fd00::2", "::1");
    }

    @Test
    void broadcastAndNetworkEntriesAreNotAddressesOfTheNamespace() {
        assertThat(NetAddresses.of(FIB_TRIE, "")).doesNotContain("10.88.0.0", "10.88.0.255");
    }

    @Test
    void onlyLoopbackInADefaultSandbox() {
        String lo = """
                Main:
                  +-- 127.0.0.0/8 2 0 2
                     +-- 127.0.0.0/31 1 0 0
                        |-- 127.0.0.0
                           /8 host LOCAL
                        |-- 127.0.0.1
                           /32 host LOCAL
                """;
        assertThat(NetAddresses.of(lo, "")).containsExactly("127.0.0.1");
    }
}
