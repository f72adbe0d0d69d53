package dev.sandbox4j.internal.process;

import dev.sandbox4j.cgroups.ProcFile;
import dev.sandbox4j.internal.launch.StatusRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the program's pid as the host numbers it: a child of the sandbox's
 * init whose innermost pid (the last NSpid) is the one the init reported.
 * {@link dev.sandbox4j.SandboxProcess#pid()} is that pid, so {@code pid()},
 * {@code toHandle()} and {@code info()} describe the program, as for any
 * {@link Process}, not the library's init.
 */
public final class ProgramPid {
    private ProgramPid() {}

    /**
     * The program of a started sandbox.
     *
     * @param pid     the program's host pid (the init's when the program was not found)
     * @param initPid the init's host pid
     * @param handle  the program's handle, taken when it started; null before
     */
    public record Found(long pid, int initPid, ProcessHandle handle) {
        /** Before the start was reported. */
        static final Found NONE = new Found(-1, -1, null);

        /** Finds the program the init reported starting; a program already over gets a handle that is not alive. */
        static Found of(StatusRecord.Started s, List<String> command) {
            long program = find(s.initHostPid(), s.innerPid());
            long pid = program > 0 ? program : s.initHostPid(); // not found: the init stands for its pid
            ProcessHandle h = program > 0 ? ProcessHandle.of(program).orElseGet(() -> new EndedProgram(program,
                    command)) : new EndedProgram(pid, command);
            return new Found(pid, s.initHostPid(), h);
        }

        /**
         * Whether the program was found (rather than the init standing for it).
         *
         * @return false when the program was over before its start was reported
         */
        public boolean programFound() {
            return pid != initPid;
        }
    }

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
