package dev.sandbox4j.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A terminal window for a test: a tmux server of its own (socket in the
 * test's directory) running one pane, keys sent to it, its screen read
 * back and waited on.
 */
final class Tmux implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    private final Path socket;

    /** Starts {@code command} (a shell command line) in a window of {@code columns} x {@code rows}. */
    Tmux(Path dir, int columns, int rows, String command) throws IOException, InterruptedException {
        socket = dir.resolve("tmux.sock");
        tmux("new-session", "-d", "-s", "t", "-x", Integer.toString(columns), "-y", Integer.toString(rows), command);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
        return out;
    }

    /** Types {@code text} literally. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", text);
    }

    /** Presses keys by tmux name: Enter, C-c, C-z. */
    void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line and Enter. */
    void line(String text) throws IOException, InterruptedException {
        type(text);
        press("Enter");
    }

    void resize(int columns, int rows) throws IOException, InterruptedException {
        tmux("resize-window", "-t", "t", "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** The pane's screen and scrollback. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "t", "-S", "-2000");
    }

    /** The pane's terminal device (for stty -F from outside). */
    String paneTty() throws IOException, InterruptedException {
        return tmux("display-message", "-p", "-t", "t", "#{pane_tty}").strip();
    }

    /** Waits until the screen matches {@code regex} (multiline) and returns the screen. */
    String await(String regex) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long end = System.nanoTime() + WAIT.toNanos();
        String s;
        while (!p.matcher(s = screen()).find()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no /" + regex + "/ on the screen within " + WAIT + ":\n" + s);
            }
            Thread.sleep(20); // polling the screen: tmux has no wait-for-output
        }
        return s;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // already gone
        }
    }
}
