package dev.sandbox4j.it.tty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a terminal's leader side printed, read on a thread of its own, and a
 * wait for a pattern in it (the event, not a fixed sleep).
 */
final class Screen {
    private final StringBuilder text = new StringBuilder();
    private int mark;
    private boolean ended;

    Screen(InputStream leader) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = leader.read(buf)) > 0) {
                    append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                append("\n[read failed: " + e + "]");
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }, "screen");
        t.setDaemon(true);
        t.start();
    }

    private synchronized void append(String s) {
        text.append(s);
        notifyAll();
    }

    /**
     * Waits until the output after the last match matches {@code regex};
     * returns the match and moves past it.
     */
    synchronized Matcher await(String regex, Duration within) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + within.toNanos();
        for (;;) {
            Matcher m = p.matcher(text);
            if (m.find(mark)) {
                mark = m.end();
                return m;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || ended) {
                throw new AssertionError("no /" + regex + "/ within " + within + (ended ? " (output ended)" : "")
                        + " in: " + text.substring(mark));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized String all() {
        return text.toString();
    }

    /** Waits for the end of the output. */
    synchronized void awaitEnd(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!ended) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the terminal did not end within " + within);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
