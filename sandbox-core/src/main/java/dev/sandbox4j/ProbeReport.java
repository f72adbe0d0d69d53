package dev.sandbox4j;

import dev.sandbox4j.internal.launch.SandboxRuntime;
import dev.sandbox4j.internal.text.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host offers a sandbox, from {@link Sandbox#probe()}: facts in a
 * stable order, each with the fix when it is a "no"; {@link #toString()} for
 * people, {@link #toJson()} for programs ({@code sandbox-run --probe --json}).
 *
 * <pre>{@code
 * ProbeReport r = Sandbox.probe();
 * r.facts().stream().filter(f -> !f.ok()).forEach(f -> System.err.println(f.name() + ": " + f.fix()));
 * if (!r.namespaces().get(Namespace.USER).equals("ok")) System.err.println(r);
 * }</pre>
 *
 * @param kernel      the kernel release
 * @param root        whether the caller is root (euid 0)
 * @param namespaces  per type, in {@link Namespace} order: {@code "ok"} or why one cannot be created
 * @param sysctls     the user-namespace and memfd sysctls that exist on this host, as {@code cat} shows them
 * @param facts       what decides whether and how sandboxes run here, in a fixed order
 */
public record ProbeReport(
        String kernel,
        boolean root,
        Map<Namespace, String> namespaces,
        Map<String, String> sysctls,
        List<Fact> facts) {

    /**
     * One fact about the host.
     *
     * @param name  a stable key, e.g. {@code "unprivileged user namespaces"}
     * @param ok    whether it is what sandbox4j (or a feature of it) needs
     * @param value what was found
     * @param fix   for a "no": what to do about it; empty when {@code ok}
     */
    public record Fact(String name, boolean ok, String value, String fix) {
        /**
         * A fact that is fine as it is.
         *
         * @param name  the key
         * @param value what was found
         * @return a fact with no fix
         */
        public static Fact yes(String name, String value) {
            return new Fact(name, true, value, "");
        }

        /**
         * A "no", with what to do about it.
         *
         * @param name  the key
         * @param value what was found
         * @param fix   what to do
         * @return a fact that is not ok
         */
        public static Fact no(String name, String value, String fix) {
            return new Fact(name, false, value, fix);
        }
    }

    /** Copies the maps and list, keeping their order. */
    public ProbeReport {
        namespaces = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(namespaces));
        sysctls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        facts = List.copyOf(facts);
    }

    static ProbeReport collect(SandboxRuntime runtime) {
        return HostProbe.collect(runtime);
    }

    /** The key of the fact that tells which host ids a sandbox gets. */
    public static final String HOST_IDS = "host ids";

    /**
     * Which host ids a sandbox gets: as root its own range; rootless the caller's uid with its
     * subordinate ids, or only the caller's uid (then {@code chown}, {@code setgroups} and {@code su}
     * fail inside), and that a rootless sandbox shares the caller's per-user counters.
     *
     * @return the {@value #HOST_IDS} fact's value
     */
    public String ids() {
        return fact(HOST_IDS).map(Fact::value).orElse("unknown");
    }

    /**
     * The fact named {@code name}.
     *
     * @param name a {@link Fact#name()}
     * @return the fact, if the probe reports it
     */
    public java.util.Optional<Fact> fact(String name) {
        return facts.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The report as one JSON object: {@code kernel}, {@code root}, {@code namespaces}
     * (name to result), {@code sysctls} and {@code facts} (a list of objects with
     * {@code name}, {@code ok}, {@code value}, {@code fix}), keys in a stable order.
     *
     * @return JSON text on one line
     */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kernel", kernel);
        out.put("root", root);
        Map<String, Object> ns = new LinkedHashMap<>();
        namespaces.forEach((k, v) -> ns.put(k.procName(), v));
        out.put("namespaces", ns);
        out.put("sysctls", sysctls);
        List<Object> list = new ArrayList<>();
        for (Fact f : facts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("ok", f.ok());
            m.put("value", f.value());
            m.put("fix", f.fix());
            list.add(m);
        }
        out.put("facts", list);
        return Json.write(out);
    }

    /** Lines for people: each fact, and under each "no" its fix. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("sandbox4j probe\n");
        sb.append("  kernel: ").append(kernel).append('\n');
        sb.append("  caller: ").append(root ? "root" : "unprivileged (rootless)").append('\n');
        namespaces.forEach((k, v) -> sb.append("  namespace ").append(String.format("%-7s", k.procName())).append(' ')
                .append(v).append('\n'));
        sysctls.forEach((k, v) -> sb.append("  sysctl ").append(k).append(" = ").append(v).append('\n'));
        for (Fact f : facts) {
            sb.append("  ").append(f.ok() ? "" : "NO: ").append(f.name()).append(": ")
                    .append(f.value().replace("\n", "\n      ")).append('\n');
            if (!f.ok()) {
                sb.append("      fix: ").append(f.fix()).append('\n');
            }
        }
        return sb.toString();
    }
}
