package dev.sandbox4j.it;

import dev.sandbox4j.SandboxBuilder;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Runs a sandbox to its end and keeps what it printed. */
public record Run(String stdout, String stderr, SandboxResult result) {

    public static Run of(SandboxBuilder builder) throws IOException {
        try (SandboxProcess p = builder.start()) {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            String out = drain(p.getInputStream());
            return new Run(out, err.join(), p.result().join());
        }
    }

    public static Run sh(SandboxBuilder builder, String script) throws IOException {
        return of(builder.command("/bin/sh", "-c", script));
    }

    /** All of a stream, as UTF-8. */
    public static String drain(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return result + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
