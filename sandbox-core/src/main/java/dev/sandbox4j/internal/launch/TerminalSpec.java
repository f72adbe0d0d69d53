package dev.sandbox4j.internal.launch;

/**
 * The sandbox's own terminal ({@code tty(true)}): its size when the program
 * starts.
 *
 * @param columns 1..65535
 * @param rows    1..65535
 */
public record TerminalSpec(int columns, int rows) {
    public static final TerminalSpec DEFAULT = new TerminalSpec(80, 24);

    public TerminalSpec {
        check(columns, rows);
    }

    /** Throws naming the size unless both sides fit a terminal's window size (u16, not 0). */
    public static void check(int columns, int rows) {
        if (columns < 1 || columns > 0xffff || rows < 1 || rows > 0xffff) {
            throw new IllegalArgumentException("terminal size " + columns + "x" + rows
                    + " is out of range: use 1..65535 columns and rows");
        }
    }
}
