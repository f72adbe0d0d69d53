package dev.sandbox4j.internal.describe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses of a network namespace as the host reads them from {@code /proc/PID/net}: IPv4 from the
 * {@code fib_trie}'s {@code /32 host LOCAL} entries (an address the namespace owns), IPv6 from {@code if_inet6}.
 */
final class NetAddresses {
    private NetAddresses() {}

    /**
     * @param fibTrie the text of {@code /proc/PID/net/fib_trie}
     * @param ifInet6 the text of {@code /proc/PID/net/if_inet6} (empty without IPv6)
     * @return the addresses, IPv4 first, each once, in the order the kernel lists them
     */
    static List<String> of(String fibTrie, String ifInet6) {
        Set<String> out = new LinkedHashSet<>();
        String last = null;
        for (String line : fibTrie.split("\n")) {
            String t = line.strip();
            if (t.startsWith("|-- ")) {
                last = t.substring(4).strip();
            } else if (last != null && t.startsWith("/32 host LOCAL")) {
                out.add(last);
            }
        }
        List<String> v6 = new ArrayList<>();
        for (String line : ifInet6.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 6 && f[0].matches("[0-9a-fA-F]{32}")) {
                v6.add(ipv6(f[0]));
            }
        }
        out.addAll(v6);
        return List.copyOf(out);
    }

    /** The RFC 5952 form: lower case, no leading zeros, the longest run of zero groups (two or more) as "::". */
    private static String ipv6(String hex) {
        String[] g = new String[8];
        for (int i = 0; i < 8; i++) {
            g[i] = Integer.toHexString(Integer.parseInt(hex.substring(4 * i, 4 * i + 4), 16));
        }
        int best = -1, bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
        }
        if (best < 0) {
            return String.join(":", g);
        }
        return String.join(":", java.util.Arrays.copyOfRange(g, 0, best)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(g, best + bestLen, 8));
    }
}
