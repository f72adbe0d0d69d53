package dev.sandbox4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rlimits a sandbox can set ({@code setrlimit(2)}), per process of the
 * sandbox. {@code CORE} is 0 by default.
 *
 * <pre>{@code
 * Sandbox.builder().rlimit(ResourceLimit.NOFILE, 64, 64)
 * }</pre>
 */
public enum ResourceLimit {
    /** CPU time in seconds (SIGXCPU at the soft limit). */
    CPU(0),
    /** Largest file size in bytes. */
    FSIZE(1),
    /** Stack size in bytes. */
    STACK(3),
    /** Core dump size in bytes (0 by default in a sandbox). */
    CORE(4),
    /** Processes of the real user id. */
    NPROC(6),
    /** Open file descriptors: one more than the highest fd number. */
    NOFILE(7),
    /** Locked memory in bytes. */
    MEMLOCK(8),
    /** Address space in bytes. */
    AS(9);

    /** {@code RLIM_INFINITY}. */
    public static final long UNLIMITED = -1L;

    private final int resource;

    ResourceLimit(int resource) {
        this.resource = resource;
    }

    /**
     * The {@code RLIMIT_*} number.
     *
     * @return the number
     */
    public int resource() {
        return resource;
    }

    /**
     * Accepts {@code nofile}, {@code NOFILE} and {@code RLIMIT_NOFILE}.
     *
     * @param name the resource's name
     * @return the limit
     */
    public static ResourceLimit fromName(String name) {
        String n = name.toUpperCase(Locale.ROOT).replaceFirst("^RLIMIT_", "");
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown rlimit '" + name + "': use one of "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
