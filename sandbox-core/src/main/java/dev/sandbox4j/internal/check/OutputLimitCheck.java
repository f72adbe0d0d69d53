package dev.sandbox4j.internal.check;

import dev.sandbox4j.units.MemorySize;
import dev.sandbox4j.internal.launch.OutputLimits;
import java.lang.ProcessBuilder.Redirect;

/**
 * Validates the output limits given to the builder against where the streams go: the library
 * enforces them as it reads a pipe, so a limit on a stream redirected elsewhere would never be
 * enforced and is refused, naming the value (a file's size is RLIMIT_FSIZE's job).
 */
public final class OutputLimitCheck {
    private OutputLimitCheck() {}

    /**
     * @param stdout   {@code stdoutLimit}, null for none
     * @param stderr   {@code stderrLimit}, null for none
     * @param combined {@code outputLimit}, null for none
     * @param out      where stdout goes
     * @param err      where stderr goes
     * @param merged   {@code redirectErrorStream(true)}: stderr goes into the stdout pipe
     */
    public static OutputLimits check(MemorySize stdout, MemorySize stderr, MemorySize combined, Redirect out,
            Redirect err, boolean merged) {
        boolean outPiped = out.type() == Redirect.Type.PIPE;
        boolean errPiped = !merged && err.type() == Redirect.Type.PIPE;
        if (stdout != null && !outPiped) {
            throw new IllegalStateException("stdoutLimit " + stdout + ": stdout goes to " + out + ", not to a pipe "
                    + "the library reads; limit a file with rlimit(ResourceLimit.FSIZE, ...)");
        }
        if (stderr != null && !errPiped) {
            throw new IllegalStateException("stderrLimit " + stderr + ": stderr goes to " + (merged ? "stdout "
                    + "(redirectErrorStream), use stdoutLimit or outputLimit" : err + ", not to a pipe the library "
                    + "reads; limit a file with rlimit(ResourceLimit.FSIZE, ...)"));
        }
        if (combined != null && !outPiped && !errPiped) {
            throw new IllegalStateException("outputLimit " + combined + ": neither stdout (" + out + ") nor stderr ("
                    + err + ") is a pipe the library reads");
        }
        return new OutputLimits(bytes(stdout), bytes(stderr), bytes(combined));
    }

    /** Refuses a limit of 0 or above {@link OutputLimits#MAX}, naming it as {@code what}. */
    public static MemorySize valid(String what, MemorySize limit) {
        if (limit == null) {
            throw new NullPointerException(what);
        }
        if (limit.bytes() < 1 || limit.bytes() > OutputLimits.MAX) {
            throw new IllegalArgumentException(what + " " + limit + " (" + limit.bytes() + " bytes) is out of range: "
                    + "use 1 byte to 4T (2^62 bytes, what the counts of two streams can add up to)");
        }
        return limit;
    }

    private static long bytes(MemorySize m) {
        return m == null ? 0 : m.bytes();
    }
}
