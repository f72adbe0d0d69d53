package dev.sandbox4j;

/**
 * The host ids a sandbox's user namespace maps: inside ids {@code 0..count-1}
 * are host uids {@code uid..uid+count-1} and host gids {@code gid..gid+count-1}.
 * As root each running sandbox has a range of its own (no other sandbox, on
 * this JVM or another, has any id of it until every process of this one is
 * gone); rootless it is the caller's own uid and gid, count 1 (subordinate ids the
 * caller's {@code /etc/subuid} entry maps at 1.. inside are not part of it). With
 * {@code idMap(...)} it is the extent holding root inside.
 *
 * <pre>{@code
 * try (SandboxProcess p = Sandbox.builder().command("/bin/sleep", "1").start()) {
 *     HostIds ids = p.hostIds().orElseThrow();  // e.g. uid 2147549184, count 65536
 *     System.out.println("root inside is host uid " + ids.uid());
 * }
 * }</pre>
 *
 * @param uid   the host uid that uid 0 inside is (unsigned 32-bit value)
 * @param gid   the host gid that gid 0 inside is
 * @param count how many consecutive ids are mapped
 */
public record HostIds(long uid, long gid, long count) {
    /**
     * The host uid of uid {@code inside} of the sandbox.
     *
     * @param inside a uid inside, 0..count-1
     * @return the host uid
     */
    public long hostUid(long inside) {
        if (inside < 0 || inside >= count) {
            throw new IllegalArgumentException("uid " + inside + " is not mapped: the sandbox maps 0.." + (count - 1));
        }
        return uid + inside;
    }
}
