package dev.sandbox4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where {@code sandbox-run --name NAME} puts its control socket:
 * {@code $XDG_RUNTIME_DIR/sandbox4j/NAME.sock}, or {@code /run/sandbox4j/NAME.sock}
 * as root; the directory is the caller's, mode 0700.
 */
final class ControlPaths {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private ControlPaths() {}

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sandbox name '" + name + "' is not valid: use 1 to 64 of "
                    + "A-Z a-z 0-9 _ . - starting with a letter or digit");
        }
        return name;
    }

    static Path dir() throws IOException {
        if (euid() == 0) {
            return Path.of("/run/sandbox4j");
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime == null || runtime.isEmpty() || !runtime.startsWith("/")) {
            throw new IOException("XDG_RUNTIME_DIR is not set: named sandboxes need it for their control socket");
        }
        return Path.of(runtime, "sandbox4j");
    }

    static Path socket(String name) throws IOException {
        return dir().resolve(checkName(name) + ".sock");
    }

    static int euid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
