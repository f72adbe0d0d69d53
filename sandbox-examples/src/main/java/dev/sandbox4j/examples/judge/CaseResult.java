package dev.sandbox4j.examples.judge;

import dev.sandbox4j.SandboxResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test case's verdict with what it cost.
 *
 * @param name         the case's name ({@code 1} for {@code 1.in}/{@code 1.out})
 * @param verdict      the verdict
 * @param cpuMillis    CPU time of the whole sandbox (its cgroup's, else the program's)
 * @param wallMillis   wall time
 * @param memoryKb     peak memory: the sandbox cgroup's, else the program's max RSS
 * @param status       the library's status behind the verdict ({@code EXITED}, {@code TIMED_OUT}, ...)
 * @param detail       the exit code or signal, or why
 */
public record CaseResult(String name, Verdict verdict, long cpuMillis, long wallMillis, long memoryKb, String status,
        String detail) {

    static CaseResult of(String name, Verdict v, SandboxResult r, String detail) {
        long memKb = r.memoryPeakBytes().isPresent() ? r.memoryPeakBytes().getAsLong() / 1024 : r.maxRssKb();
        return new CaseResult(name, v, r.cpuTime().toMillis(), r.wallTime().toMillis(), memKb, r.status().name(),
                detail);
    }

    /** One line for people: {@code 1 AC 12 ms 1840 KiB}. */
    public String line() {
        return name + " " + verdict + " " + cpuMillis + " ms " + memoryKb + " KiB" + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", name);
        m.put("verdict", verdict.name());
        m.put("cpuMillis", cpuMillis);
        m.put("wallMillis", wallMillis);
        m.put("memoryKb", memoryKb);
        m.put("status", status);
        m.put("detail", detail);
        return m;
    }
}
