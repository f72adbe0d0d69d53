package dev.sandbox4j.internal.launch;

/** The builder's terminal settings ({@code tty}, {@code terminalSize}) until {@code build()} resolves them. */
public final class TerminalChoice {
    private Boolean on;
    private TerminalSpec size;
    private boolean onInherited, sizeInherited; // copied by toBuilder(): may be set once more

    /** A copy whose settings can each be made once more (toBuilder). */
    public TerminalChoice copy() {
        TerminalChoice c = new TerminalChoice();
        c.on = on;
        c.size = size;
        c.onInherited = on != null;
        c.sizeInherited = size != null;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TerminalChoice t && java.util.Objects.equals(on, t.on) && java.util.Objects.equals(size, t.size);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(on, size);
    }

    public void on(boolean on) {
        if (this.on != null && !onInherited) {
            throw new IllegalStateException("tty was already set to " + this.on);
        }
        this.on = on;
        onInherited = false;
    }

    public void size(int columns, int rows) {
        if (size != null && !sizeInherited) {
            throw new IllegalStateException("terminalSize was already set to " + size.columns() + "x" + size.rows());
        }
        size = new TerminalSpec(columns, rows);
        sizeInherited = false;
    }

    /** The terminal, or null; refuses a size without tty(true) and stdio redirects with it. */
    public TerminalSpec resolve(boolean stdioRedirected) {
        boolean wanted = Boolean.TRUE.equals(on);
        if (!wanted && size != null) {
            throw new IllegalStateException("terminalSize " + size.columns() + "x" + size.rows()
                    + " needs tty(true)");
        }
        if (wanted && stdioRedirected) {
            throw new IllegalStateException("tty(true) makes the terminal the program's stdin, stdout and stderr: "
                    + "drop the stdio redirects (redirectInput/Output/Error, inheritIO, redirectErrorStream)");
        }
        return wanted ? (size != null ? size : TerminalSpec.DEFAULT) : null;
    }
}
