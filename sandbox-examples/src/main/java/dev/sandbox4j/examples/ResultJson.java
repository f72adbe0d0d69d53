package dev.sandbox4j.examples;

import dev.sandbox4j.SandboxResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link SandboxResult} into the one JSON object that
 * {@code sandbox-run --result-json FILE} writes.
 *
 * <pre>{@code
 * String json = ResultJson.toJson(process.result().join());
 * // {"status":"EXITED","exitCode":3,"signal":null,"wallMillis":4,...}
 * }</pre>
 */
public final class ResultJson {
    private ResultJson() {}

    /** The fields in a fixed order; absent exit code or signal are {@code null}, absent cgroup figures omitted. */
    public static Map<String, Object> fields(SandboxResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status().name());
        m.put("exitCode", r.exitCode().isPresent() ? r.exitCode().getAsInt() : null);
        m.put("signal", r.signal().isPresent() ? r.signal().getAsInt() : null);
        m.put("wallMillis", r.wallTime().toMillis());
        m.put("cpuUserMillis", r.userCpu().toMillis());
        m.put("cpuSystemMillis", r.systemCpu().toMillis());
        m.put("maxRssKb", r.maxRssKb());
        r.memoryPeakBytes().ifPresent(bytes -> m.put("memoryPeakBytes", bytes));
        // cpuUsage comes from the cgroup: ZERO (or null) means no cgroup measured it.
        boolean cgroupMeasured = r.memoryPeakBytes().isPresent()
                || (r.cpuUsage() != null && !r.cpuUsage().isZero());
        if (cgroupMeasured && r.cpuUsage() != null) {
            m.put("cpuUsageMillis", r.cpuUsage().toMillis());
        }
        return m;
    }

    /** {@link #fields} as JSON text, one line, no trailing newline. */
    public static String toJson(SandboxResult r) {
        return Json.write(fields(r));
    }
}
