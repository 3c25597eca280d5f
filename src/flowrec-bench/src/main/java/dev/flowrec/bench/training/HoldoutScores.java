package dev.flowrec.bench.training;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.metrics.HoldoutEvaluator;
import dev.flowrec.models.MultiTaskModel;

/** Scores a held-out split with a model and reports exact per-cell AUC and logloss. */
public final class HoldoutScores {
    private HoldoutScores() {}

    public static EvaluationReport evaluate(
            MultiTaskModel model, Iterable<Batch> batches, ScenarioTaskSpace space) {
        HoldoutEvaluator evaluator = new HoldoutEvaluator(space);
        for (Batch batch : batches) {
            evaluator.record(batch, model.predict(batch));
        }
        return evaluator.report();
    }

    public static double meanLogloss(EvaluationReport report) {
        return report.cells().values().stream()
                .mapToDouble(c -> c.logLoss())
                .average()
                .orElse(Double.NaN);
    }
}
