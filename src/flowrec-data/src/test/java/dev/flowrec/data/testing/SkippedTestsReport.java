package dev.flowrec.data.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, every test that did not run and why, grouped by reason.
 * Surefire's console only counts skipped tests; a test that needs {@code ../shared/data} and found
 * it absent must say so where people read the build, or a green run could hide that the real-data
 * checks never ran. Registered through {@code META-INF/services}, so no test has to opt in.
 */
public final class SkippedTestsReport implements TestExecutionListener {
    private final Map<String, List<String>> testsByReason = new TreeMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(
                    test,
                    result.getThrowable()
                            .map(Throwable::getMessage)
                            .orElse("aborted without a reason"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        testsByReason.forEach(
                (reason, tests) -> {
                    System.err.printf("SKIPPED %d test(s): %s%n", tests.size(), reason);
                    tests.forEach(name -> System.err.printf("    %s%n", name));
                });
    }

    private synchronized void record(TestIdentifier test, String reason) {
        String name =
                test.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(MethodSource.class::cast)
                        .map(
                                m ->
                                        m.getClassName()
                                                        .substring(
                                                                m.getClassName().lastIndexOf('.')
                                                                        + 1)
                                                + "."
                                                + m.getMethodName())
                        .orElse(test.getDisplayName());
        testsByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(name);
    }
}
