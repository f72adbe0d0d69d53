package dev.sandbox4j;

/** Checks of the ids a program runs as inside, against what the sandbox maps. */
final class IdChecks {
    private IdChecks() {}

    private static final long MAX_INSIDE = Integer.MAX_VALUE; // what setresuid and friends take as an id everywhere

    /**
     * @param id       from {@code uid(n)} / {@code gid(n)}; null for 0
     * @param rootless whether the caller is not root (its one id maps any single id inside)
     * @param mapped   how many ids the user namespace maps, from 0 (as root with one)
     */
    static int inside(String what, Integer id, boolean rootless, long mapped) {
        if (id == null) {
            return 0;
        }
        long value = Integer.toUnsignedLong(id);
        long max = rootless ? 65534 : Math.min(MAX_INSIDE, mapped - 1);
        if (value > MAX_INSIDE) {
            throw new IllegalArgumentException(what + " " + value + " is above 2147483647 (2^31-1), which no id "
                    + "may exceed: use 0.." + max);
        }
        if (value > max) {
            throw new IllegalArgumentException(what + " " + value + " is not mapped: use 0.." + max
                    + (rootless ? " when not running as root" : " (the sandbox maps " + mapped
                            + " ids; raise hostIdsPerSandbox for more)"));
        }
        return id;
    }
}
