package dev.sandbox4j.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs test classes through Jupiter's EngineTestKit, as a build would, and reads what happened to them. */
final class Kit {
    private Kit() {}

    static EngineExecutionResults run(Class<?> testClass, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameters(parameters).execute();
    }

    static EngineExecutionResults run(Class<?> testClass) {
        return run(testClass, Map.of());
    }

    /** The throwable of each finished test of {@code events} with that status, in order. */
    static List<Throwable> throwables(Events events, TestExecutionResult.Status status) {
        return events.finished().stream().map(Kit::result).filter(r -> r.getStatus() == status)
                .map(r -> r.getThrowable().orElseThrow()).toList();
    }

    /** What went wrong in the tests, for an assertion's description. */
    static String failures(Events events) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events.finished().list()) {
            TestExecutionResult r = result(e);
            r.getThrowable().ifPresent(t -> sb.append(e.getTestDescriptor().getDisplayName()).append(' ')
                    .append(r.getStatus()).append(": ").append(t).append('\n'));
        }
        return sb.toString();
    }

    private static TestExecutionResult result(Event e) {
        return e.getPayload(TestExecutionResult.class).orElseThrow();
    }
}
