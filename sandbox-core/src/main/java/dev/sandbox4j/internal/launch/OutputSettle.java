package dev.sandbox4j.internal.launch;

import java.io.InputStream;

/** Settles a finished sandbox's metered output streams before its result is built (see FdInputStream#settle). */
final class OutputSettle {
    private OutputSettle() {}

    static void settle(InputStream... streams) {
        for (InputStream s : streams) {
            if (s instanceof FdInputStream in) {
                in.settle();
            }
        }
    }
}
