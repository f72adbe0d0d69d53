package dev.sandbox4j.internal.launch;

/**
 * The output limits of one sandbox's piped streams, in bytes; 0 for none.
 *
 * @param stdout   what the program may write to its stdout pipe
 * @param stderr   likewise for stderr (a stream of its own, not merged into stdout)
 * @param combined stdout and stderr together
 */
public record OutputLimits(long stdout, long stderr, long combined) {
    /** No output limit at all. */
    public static final OutputLimits NONE = new OutputLimits(0, 0, 0);

    /** The largest limit: two streams' counts, each below it, then still add up without overflow. */
    public static final long MAX = 1L << 62;

    public boolean any() {
        return stdout > 0 || stderr > 0 || combined > 0;
    }
}
