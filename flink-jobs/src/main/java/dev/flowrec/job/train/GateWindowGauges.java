package dev.flowrec.job.train;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The quality gate's final-label window as Flink gauges, {@code
 * gate_window.<scenario>_<task>.examples|auc|logloss|calibration} under the given group. The
 * evaluator changes on the task thread while the metric reporter reads gauges on its own, so they
 * read the window the gate last judged (an immutable report, replaced at every publish attempt,
 * passed or withheld); NaN until the first attempt.
 */
final class GateWindowGauges {
    private GateWindowGauges() {}

    static void register(
            MetricGroup group, ScenarioTaskSpace space, Supplier<EvaluationReport> judged) {
        MetricGroup window = group.addGroup("gate_window");
        for (String scenario : space.scenarios()) {
            for (String task : space.tasks()) {
                MetricGroup cell = window.addGroup(scenario + "_" + task);
                String key = ScenarioTaskSpace.cellKey(scenario, task);
                gauge(cell, "examples", judged, key, r -> r.examples());
                gauge(cell, "auc", judged, key, CellReport::auc);
                gauge(cell, "logloss", judged, key, CellReport::logLoss);
                gauge(cell, "calibration", judged, key, CellReport::calibration);
            }
        }
    }

    private static void gauge(
            MetricGroup cell,
            String name,
            Supplier<EvaluationReport> judged,
            String key,
            ToDoubleFunction<CellReport> figure) {
        cell.gauge(
                name,
                (Gauge<Double>)
                        () -> {
                            CellReport r = judged.get().cells().get(key);
                            return r == null ? Double.NaN : figure.applyAsDouble(r);
                        });
    }
}
