package dev.sandbox4j.it.pool;

import dev.sandbox4j.PooledRun;
import dev.sandbox4j.SandboxPool;
import dev.sandbox4j.SandboxProcess;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.it.Run;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** One pooled run to its end, with what it printed. */
record PooledRuns(String stdout, String stderr, SandboxResult result) {

    static PooledRuns sh(SandboxPool pool, String script) throws IOException {
        return of(pool, PooledRun.of("/bin/sh", "-c", script));
    }

    static PooledRuns of(SandboxPool pool, PooledRun run) throws IOException {
        try (SandboxProcess p = pool.start(run)) {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> Run.drain(p.getErrorStream()));
            String out = Run.drain(p.getInputStream());
            return new PooledRuns(out, err.join(), p.result().join());
        }
    }

    /** The mount namespace (kept by a prepared sandbox across its runs), which tells one sandbox from another. */
    static final String SANDBOX_ID = "readlink /proc/self/ns/mnt";

    @Override
    public String toString() {
        return result + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
