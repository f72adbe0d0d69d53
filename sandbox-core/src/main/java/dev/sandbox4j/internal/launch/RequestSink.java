package dev.sandbox4j.internal.launch;

import java.io.IOException;

/**
 * Where a launch request goes: the shim server ({@link ShimServer}), or a
 * pooled sandbox's init, which takes a run in the same layout.
 */
interface RequestSink {
    /** Hands the request over; its fds belong to the receiver once this returns. */
    void submit(LaunchRequest request) throws IOException;
}
