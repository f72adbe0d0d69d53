package dev.sandbox4j.internal.launch;

import dev.sandbox4j.cgroups.ProcFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds the program's pid as the host numbers it: a child of the sandbox's
 * init whose innermost pid (the last NSpid) is the one the init reported.
 * {@link dev.sandbox4j.SandboxProcess#pid()} is that pid, so {@code pid()},
 * {@code toHandle()} and {@code info()} describe the program, as for any
 * {@link Process}, not the library's init.
 */
final class ProgramPid {
    private ProgramPid() {}

    /** The program's host pid, or -1 when it is gone already (it exited and was reaped). */
    static long find(long initHostPid, int innerPid) {
        String children;
        try {
            children = ProcFile.read(Path.of("/proc", Long.toString(initHostPid), "task",
                    Long.toString(initHostPid), "children"));
        } catch (IOException e) {
            return -1;
        }
        String[] pids = children.trim().split(" ");
        if (pids.length == 1 && !pids[0].isEmpty()) {
            return Long.parseLong(pids[0]); // the usual case: the init's only child
        }
        for (String pid : pids) {
            if (!pid.isEmpty() && innerPid(pid) == innerPid) {
                return Long.parseLong(pid);
            }
        }
        return -1;
    }

    private static long innerPid(String hostPid) {
        try {
            for (String line : ProcFile.read(Path.of("/proc", hostPid, "status")).split("\n")) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile
        }
        return -1;
    }
}
