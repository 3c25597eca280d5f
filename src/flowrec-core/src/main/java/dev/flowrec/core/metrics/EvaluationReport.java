package dev.flowrec.core.metrics;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An evaluator's figures at one moment, per cell keyed {@code "<scenario>/<task>"} in
 * scenario-major order (the order of {@code ScenarioTaskSpace.cellKeys()}).
 *
 * @param cells every configured cell, including those with no example yet
 */
public record EvaluationReport(Map<String, CellReport> cells) {

    public EvaluationReport {
        cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    }

    /**
     * The report of every cell of a space whose figures are kept in one array, scenario-major.
     *
     * @param cellAt the figures of the cell at index {@code scenario * taskCount + task}
     */
    static EvaluationReport of(ScenarioTaskSpace space, IntFunction<CellReport> cellAt) {
        Map<String, CellReport> out = new LinkedHashMap<>();
        for (int s = 0; s < space.scenarioCount(); s++) {
            for (int t = 0; t < space.taskCount(); t++) {
                out.put(space.cellKey(s, t), cellAt.apply(s * space.taskCount() + t));
            }
        }
        return new EvaluationReport(out);
    }

    /**
     * The figures of one cell.
     *
     * @throws IllegalArgumentException if no such cell is configured
     */
    public CellReport cell(String cellKey) {
        CellReport report = cells.get(cellKey);
        if (report == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "unknown cell '%s', known cells are %s", cellKey, cells.keySet()));
        }
        return report;
    }

    /**
     * Unweighted mean of the AUC over the cells that have seen both classes (the headline figure of
     * the benchmarks); NaN when no cell has.
     */
    public double meanAuc() {
        return cells.values().stream()
                .filter(CellReport::hasBothClasses)
                .mapToDouble(CellReport::auc)
                .average()
                .orElse(Double.NaN);
    }

    /** Examples over all cells. */
    public long examples() {
        return cells.values().stream().mapToLong(CellReport::examples).sum();
    }
}
