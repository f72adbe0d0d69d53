package dev.sandbox4j.it.hardening;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The C probe of src/test/resources/hardening/probe.c, compiled once per JVM
 * with {@code cc -static} into a world-readable temp dir, which sandboxes see
 * read-only at {@link #DIR} (the sandbox's /tmp is private, and as root the
 * program inside runs as host nobody).
 */
final class Probe {
    static final String DIR = "/tmp/probe";
    static final String PATH = DIR + "/probe";

    private static Path hostDir;

    private Probe() {}

    /** The host directory holding the compiled probe. */
    static synchronized Path hostDir() {
        if (hostDir == null) {
            try {
                hostDir = compile();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return hostDir;
    }

    /** A default sandbox that runs {@code probe args...}. */
    static SandboxBuilder builder(String... args) {
        return in(Sandbox.builder(), args);
    }

    /** {@code builder} with the probe bound in, running {@code probe args...}. */
    static SandboxBuilder in(SandboxBuilder builder, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PATH));
        cmd.addAll(List.of(args));
        return builder.bindReadOnly(hostDir(), DIR).command(cmd);
    }

    private static Path compile() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sandbox4j-probe",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        dir.toFile().deleteOnExit();
        Path src = dir.resolve("probe.c");
        try (InputStream in = Probe.class.getResourceAsStream("/hardening/probe.c")) {
            if (in == null) {
                throw new IOException("hardening/probe.c is not on the test class path");
            }
            Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
        }
        src.toFile().deleteOnExit();
        Path bin = dir.resolve("probe");
        bin.toFile().deleteOnExit();
        Process cc = new ProcessBuilder("cc", "-static", "-O1", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
            throw new IOException("cc -static -O1 -o " + bin + " " + src + " failed:\n" + out);
        }
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
