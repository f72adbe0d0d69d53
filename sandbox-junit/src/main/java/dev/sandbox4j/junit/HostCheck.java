package dev.sandbox4j.junit;

import dev.sandbox4j.Namespace;
import dev.sandbox4j.ProbeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** One probe's answers, asked once (the real probe starts a sandbox per namespace), and what a test lacks. */
final class HostCheck {
    private final HostProbe probe;
    private final Supplier<ProbeReport> report;
    private final Supplier<Optional<String>> cgroup;

    HostCheck(HostProbe probe) {
        this.probe = probe;
        this.report = memoize(probe::report);
        this.cgroup = memoize(probe::cgroupUnavailable);
    }

    /** Why this host cannot run what {@code s} asks for, with the probe's report; empty when it can. */
    Optional<String> missing(Settings s) {
        List<String> problems = new ArrayList<>();
        ProbeReport r = report.get();
        for (Namespace n : s.created()) {
            String status = r.namespaces().get(n);
            if (status != null && !status.equals("ok")) {
                problems.add(n.procName() + " namespace: " + status);
            }
        }
        if (s.needsCgroup()) {
            cgroup.get().ifPresent(why -> problems.add("memory limit " + s.memory() + " needs a cgroup: " + why));
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this host cannot run the sandbox the test asks for: " + String.join("; ", problems)
                + "\n(" + probe + ")\n" + r);
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
