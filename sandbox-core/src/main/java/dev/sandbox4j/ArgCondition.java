package dev.sandbox4j;

import java.util.Objects;

/**
 * A test on one system call argument: {@code (arg[index] & mask) OP value},
 * all unsigned 64-bit. A rule matches only when all its conditions hold.
 *
 * <p>Arguments the kernel declares as {@code int} or {@code unsigned int}
 * (socket's domain, ioctl's request, personality's persona) are truncated to
 * 32 bits by the kernel, but the filter sees the whole register, whose upper
 * half the caller controls. Compare those with {@code mask 0xffffffff}, or
 * {@code socket(38 | 1L << 32)} slips past an {@code == 38} test.
 *
 * <pre>{@code
 * ArgCondition.eq(0, 16);                                  // arg0 == 16
 * ArgCondition.maskedEq(1, 0xffffffffL, 0x5412);           // (arg1 & 0xffffffff) == TIOCSTI
 * new ArgCondition(0, 0x7E020000L, ArgCondition.Op.NE, 0);  // any CLONE_NEW* flag set
 * }</pre>
 *
 * @param index which argument, 0..5
 * @param mask  ANDed with the argument before comparing; -1 (all ones) for none
 * @param op    the comparison
 * @param value the right-hand side, unsigned
 */
public record ArgCondition(int index, long mask, Op op, long value) {

    /** Unsigned comparisons; {@code MASKED_EQ} is {@link #EQ} with a mask, see {@link #maskedEq}. */
    public enum Op {
        /** Equal. */
        EQ("=="),
        /** Not equal. */
        NE("!="),
        /** Less than, unsigned. */
        LT("<"),
        /** Less than or equal, unsigned. */
        LE("<="),
        /** Greater than, unsigned. */
        GT(">"),
        /** Greater than or equal, unsigned. */
        GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /**
         * {@code "=="}, {@code "<="}, ... as the rule file writes them.
         *
         * @return the operator's symbol
         */
        public String symbol() {
            return symbol;
        }
    }

    /** No mask: the whole 64-bit argument is compared. */
    public static final long NO_MASK = -1L;

    /**
     * Checks the index and that a mask does not make the condition constant.
     *
     * @param index the argument's index, 0 to 5
     * @param mask  the bits of the argument to compare ({@link #NO_MASK} for all)
     * @param op    the comparison
     * @param value the value to compare with
     */
    public ArgCondition {
        Objects.requireNonNull(op, "op");
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("argument index " + index + " out of range: system calls have arguments 0..5");
        }
        if ((op == Op.EQ || op == Op.NE) && (value & ~mask) != 0) {
            throw new IllegalArgumentException("condition arg" + index + " & 0x" + Long.toHexString(mask) + " "
                    + op.symbol + " 0x" + Long.toHexString(value) + " compares bits the mask clears, so it is "
                    + (op == Op.EQ ? "never" : "always") + " true");
        }
    }

    /**
     * Argument {@code index} equals {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition eq(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.EQ, value);
    }

    /**
     * Argument {@code index} does not equal {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition ne(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.NE, value);
    }

    /**
     * Argument {@code index} is below (unsigned) {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition lt(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.LT, value);
    }

    /**
     * Argument {@code index} is at most (unsigned) {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition le(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.LE, value);
    }

    /**
     * Argument {@code index} is above (unsigned) {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition gt(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.GT, value);
    }

    /**
     * Argument {@code index} is at least (unsigned) {@code value}.
     *
     * @param index the argument's index, 0 to 5
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition ge(int index, long value) {
        return new ArgCondition(index, NO_MASK, Op.GE, value);
    }

    /**
     * {@code (arg & mask) == value}: libseccomp's SCMP_CMP_MASKED_EQ.
     *
     * @param index the argument's index, 0 to 5
     * @param mask the bits of the argument to compare
     * @param value the value to compare with
     * @return the condition
     */
    public static ArgCondition maskedEq(int index, long mask, long value) {
        return new ArgCondition(index, mask, Op.EQ, value);
    }

    /**
     * Whether an argument value satisfies this condition.
     *
     * @param arg the argument's value
     * @return true when the condition holds for {@code arg}
     */
    public boolean test(long arg) {
        int c = Long.compareUnsigned(arg & mask, value);
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** The rule-file spelling, e.g. {@code arg1 &0xffffffff == 0x5412}. */
    @Override
    public String toString() {
        return "arg" + index + (mask == NO_MASK ? "" : " &0x" + Long.toHexString(mask)) + " " + op.symbol
                + " 0x" + Long.toHexString(value);
    }
}
