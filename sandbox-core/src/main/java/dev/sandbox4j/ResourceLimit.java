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
    CPU(0), FSIZE(1), STACK(3), CORE(4), NPROC(6), NOFILE(7), MEMLOCK(8), AS(9);

    /** {@code RLIM_INFINITY}. */
    public static final long UNLIMITED = -1L;

    private final int resource;

    ResourceLimit(int resource) {
        this.resource = resource;
    }

    /** The {@code RLIMIT_*} number. */
    public int resource() {
        return resource;
    }

    /** Accepts {@code nofile}, {@code NOFILE} and {@code RLIMIT_NOFILE}. */
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
