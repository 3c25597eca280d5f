package dev.flowrec.core.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The configured scenario and task names, in model order. A cell is one scenario x task pair, keyed
 * {@code "<scenario>/<task>"} in reports and manifests.
 */
public record ScenarioTaskSpace(List<String> scenarios, List<String> tasks)
        implements java.io.Serializable {

    public ScenarioTaskSpace {
        scenarios = List.copyOf(scenarios);
        tasks = List.copyOf(tasks);
        if (scenarios.isEmpty() || tasks.isEmpty()) {
            throw new IllegalArgumentException(
                    "need at least one scenario and one task, got scenarios="
                            + scenarios
                            + " tasks="
                            + tasks);
        }
        if (new HashSet<>(scenarios).size() != scenarios.size()
                || new HashSet<>(tasks).size() != tasks.size()) {
            throw new IllegalArgumentException(
                    "scenario and task names must be unique, got scenarios="
                            + scenarios
                            + " tasks="
                            + tasks);
        }
    }

    public int scenarioCount() {
        return scenarios.size();
    }

    public int taskCount() {
        return tasks.size();
    }

    /** Index of a scenario, or -1 when it is not configured. */
    public int scenarioIndex(String scenario) {
        return scenarios.indexOf(scenario);
    }

    /** Index of a task, or -1 when it is not configured. */
    public int taskIndex(String task) {
        return tasks.indexOf(task);
    }

    public static String cellKey(String scenario, String task) {
        return scenario + "/" + task;
    }

    public String cellKey(int scenario, int task) {
        return cellKey(scenarios.get(scenario), tasks.get(task));
    }

    /** Every cell key, scenario-major. */
    public List<String> cellKeys() {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < scenarios.size(); s++) {
            for (int t = 0; t < tasks.size(); t++) {
                out.add(cellKey(s, t));
            }
        }
        return out;
    }
}
