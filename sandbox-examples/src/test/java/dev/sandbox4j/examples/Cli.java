package dev.sandbox4j.examples;

import dev.sandbox4j.Sandbox;
import dev.sandbox4j.SandboxBuilder;

/** Parses {@code sandbox-run} arguments and applies them to a builder, starting nothing. */
final class Cli {
    private Cli() {}

    static SandboxRun parse(String... args) {
        SandboxRun run = new SandboxRun();
        SandboxRun.parser(run).parseArgs(args);
        return run;
    }

    static SandboxBuilder configured(String... args) {
        SandboxBuilder b = Sandbox.builder();
        parse(args).configure(b);
        return b;
    }
}
