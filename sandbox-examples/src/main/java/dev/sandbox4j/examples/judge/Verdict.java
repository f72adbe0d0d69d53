package dev.sandbox4j.examples.judge;

/**
 * One test case's verdict, as online judges print them.
 *
 * <pre>{@code
 * if (result.verdict() == Verdict.AC) { score++; }
 * }</pre>
 */
public enum Verdict {
    /** Accepted: the output matched. */
    AC,
    /** Wrong answer: it ended normally, the output did not match. */
    WA,
    /** Time limit exceeded: CPU time or wall time. */
    TLE,
    /** Memory limit exceeded. */
    MLE,
    /** Output limit exceeded. */
    OLE,
    /** Runtime error: a non-zero exit, a signal, a seccomp kill. */
    RE,
    /** Compilation error: no case ran. */
    CE
}
