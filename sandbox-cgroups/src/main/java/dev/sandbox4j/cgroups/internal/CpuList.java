package dev.sandbox4j.cgroups.internal;

import java.util.BitSet;

/**
 * A kernel CPU list such as {@code 0-1,3}, strictly validated: ranges low-high with low &lt;= high,
 * single numbers, separated by commas, no spaces, no empty items.
 */
public record CpuList(String text, BitSet cpus) {

    private static final String ACCEPTED = "a CPU list like 0, 0-1 or 0-1,3 (numbers or low-high ranges with low <= high, "
            + "separated by commas)";

    public static CpuList parse(String text) {
        if (text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        BitSet set = new BitSet();
        for (String item : text.split(",", -1)) {
            int dash = item.indexOf('-');
            int lo = number(text, dash < 0 ? item : item.substring(0, dash));
            int hi = dash < 0 ? lo : number(text, item.substring(dash + 1));
            if (hi < lo) {
                throw invalid(text, "range " + item + " goes down");
            }
            set.set(lo, hi + 1);
        }
        return new CpuList(text, set);
    }

    private static int number(String text, String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "'" + s + "' is not a CPU number");
        }
        return Integer.parseInt(s);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid cpuset '" + text + "' (" + why + "): expected " + ACCEPTED);
    }

    public int maxCpu() {
        return cpus.length() - 1;
    }
}
