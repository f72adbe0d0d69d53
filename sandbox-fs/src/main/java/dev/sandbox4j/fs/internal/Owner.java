package dev.sandbox4j.fs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Hands created directories to the host id the sandbox's root maps to. */
final class Owner {
    private Owner() {}

    static void give(int uid, int gid, Path... dirs) {
        if (uid == -1) { // (uid_t) -1: no owner to give them to; any other value is an unsigned id
            return;
        }
        try {
            for (Path d : dirs) {
                Files.setAttribute(d, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(d, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give overlay work directories to uid " + uid + " gid " + gid, e);
        }
    }
}
