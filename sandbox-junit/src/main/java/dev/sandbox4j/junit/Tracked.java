package dev.sandbox4j.junit;

import dev.sandbox4j.Sandbox;

/**
 * Something a test started, to close when it ends: a {@code SandboxProcess} now. A later resource that holds
 * sandboxes (a pool) is reported through the same core hook; give it a case in {@link #running()} so that one
 * left open counts as a leak.
 *
 * @param command  what it runs, for the leak message
 * @param resource the process (or other resource)
 */
record Tracked(String command, AutoCloseable resource) {

    static Tracked of(Object origin, AutoCloseable resource) {
        String command = origin instanceof Sandbox s ? String.join(" ", s.command()) : String.valueOf(origin);
        return new Tracked(command, resource);
    }

    /** Whether it still runs (a leak when the test has ended). */
    boolean running() {
        return resource instanceof Process p && p.isAlive();
    }
}
