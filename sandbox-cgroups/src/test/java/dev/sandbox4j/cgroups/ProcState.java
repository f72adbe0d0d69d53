package dev.sandbox4j.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whether a process has died, judged from /proc so a slow reaper (pid 1) does not count as "alive". */
final class ProcState {

    private ProcState() {
    }

    /** True when {@code pid} is gone or a zombie (dead, waiting for its parent to reap it). */
    static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
