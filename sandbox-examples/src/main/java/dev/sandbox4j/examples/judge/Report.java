package dev.sandbox4j.examples.judge;

import dev.sandbox4j.internal.text.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the judge found: whether the submission compiled, and each case's verdict.
 *
 * <pre>{@code
 * Report r = Judge.judge(source, Language.C, cases, limits);
 * r.cases().forEach(c -> System.out.println(c.line()));
 * }</pre>
 *
 * @param language        the language judged
 * @param compiled        false for a compilation error (every case is then CE)
 * @param compilerOutput  what the compiler printed (at most 1 MiB)
 * @param cases           one result per case, in the cases' order
 */
public record Report(Language language, boolean compiled, String compilerOutput, List<CaseResult> cases) {
    public Report {
        cases = List.copyOf(cases);
    }

    /** The report as one JSON object. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("language", language.name());
        m.put("compiled", compiled);
        m.put("compilerOutput", compilerOutput);
        List<Object> list = new ArrayList<>();
        cases.forEach(c -> list.add(c.json()));
        m.put("cases", list);
        return Json.write(m);
    }
}
