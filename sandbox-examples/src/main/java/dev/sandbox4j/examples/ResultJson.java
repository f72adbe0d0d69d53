package dev.sandbox4j.examples;

import dev.sandbox4j.FileChange;
import dev.sandbox4j.SandboxResult;
import dev.sandbox4j.internal.text.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SandboxResult} into the one JSON object that
 * {@code sandbox-run --result-json FILE} writes.
 *
 * <pre>{@code
 * String json = ResultJson.toJson(process.result().join());
 * // {"status":"EXITED","exitCode":3,"signal":null,"wallMillis":4,...,"oomKilled":false,"changes":[]}
 * }</pre>
 */
public final class ResultJson {
    private ResultJson() {}

    /**
     * The fields in a fixed order: status, exitCode and signal ({@code null} when absent), times, maxRssKb,
     * then memoryPeakBytes, cpuUsageMillis, pidsPeak (only when measured), oomKilled, timeoutKind (only
     * for a timeout), trappedSyscall (only when a seccomp TRAP rule caught one), hostUid, hostGid and hostIdCount (the host ids
     * its user namespace mapped, when it had one) and changes (an overlay's writable layer; empty otherwise).
     */
    public static Map<String, Object> fields(SandboxResult r) {
        return fields(r, r.changes());
    }

    /** {@link #fields(SandboxResult)} with {@code changes} in place of the result's own. */
    public static Map<String, Object> fields(SandboxResult r, List<FileChange> changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("exitCode", r.exitCode().isPresent() ? r.exitCode().getAsInt() : null);
        m.put("signal", r.signal().isPresent() ? r.signal().getAsInt() : null);
        m.put("wallMillis", r.wallTime().toMillis());
        m.put("cpuUserMillis", r.userCpu().toMillis());
        m.put("cpuSystemMillis", r.systemCpu().toMillis());
        m.put("maxRssKb", r.maxRssKb());
        r.memoryPeakBytes().ifPresent(bytes -> m.put("memoryPeakBytes", bytes));
        r.cpuUsage().ifPresent(cpu -> m.put("cpuUsageMillis", cpu.toMillis()));
        r.pidsPeak().ifPresent(peak -> m.put("pidsPeak", peak));
        m.put("oomKilled", r.oomKilled());
        r.timeoutKind().ifPresent(kind -> m.put("timeoutKind", kind.name()));
        r.trappedSyscall().ifPresent(name -> m.put("trappedSyscall", name));
        r.hostIds().ifPresent(ids -> {
            m.put("hostUid", ids.uid());
            m.put("hostGid", ids.gid());
            m.put("hostIdCount", ids.count());
        });
        List<Map<String, Object>> list = new ArrayList<>();
        for (FileChange c : changes) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("kind", c.kind().name());
            change.put("path", c.path());
            list.add(change);
        }
        m.put("changes", list);
        return m;
    }

    /** {@link #fields} as JSON text, one line, no trailing newline. */
    public static String toJson(SandboxResult r) {
        return Json.write(fields(r));
    }

    /** {@link #fields(SandboxResult, List)} as JSON text. */
    public static String toJson(SandboxResult r, List<FileChange> changes) {
        return Json.write(fields(r, changes));
    }
}
