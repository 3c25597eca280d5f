package dev.flowrec.bench.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.speed.SpeedResults;
import java.util.List;
import java.util.Map;

/**
 * B1's results.json (record components are written in snake case).
 *
 * @param models per model, in the order run
 * @param referenceAutoifs the reference PyTorch AutoIFS run's figures on the same split
 * @param speedB4 B4's results, repeated when its report existed; left out otherwise
 */
public record QualityResults(
        String benchmark,
        String startedAt,
        Machine machine,
        Dataset dataset,
        Map<String, ModelResult> models,
        ReferenceRun referenceAutoifs,
        @JsonInclude(JsonInclude.Include.NON_NULL) SpeedResults speedB4) {

    /** The data and the protocol it was split by. */
    public record Dataset(String name, long rows, String protocol) {}

    /**
     * One model's run.
     *
     * @param params trainable parameters, and for AutoIFS its parts
     * @param trainExamplesPerS per phase (search, retrain, train), mean over its epochs
     * @param ratioToAutoifs left out when AutoIFS has not run
     * @param cells per "scenario/task", test AUC and logloss of the best epoch
     * @param flowKeepShares per cell, the share of test rows whose gate kept each flow; left out
     *     for models without flows
     */
    public record ModelResult(
            Map<String, Long> params,
            long forwardFlopsPerExample,
            Map<String, Double> trainExamplesPerS,
            @JsonInclude(JsonInclude.Include.NON_NULL) Ratios ratioToAutoifs,
            int epochs,
            int bestEpoch,
            boolean finished,
            List<CurvePoint> validationCurve,
            Map<String, CellQuality> cells,
            double meanAuc,
            double meanLogloss,
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
                    Map<String, Map<String, Double>> flowKeepShares) {

        public ModelResult {
            flowKeepShares = flowKeepShares == null ? Map.of() : flowKeepShares;
        }
    }

    /** A model's cost over AutoIFS's in the same run. */
    public record Ratios(double params, double forwardFlops, double trainExamplesPerS) {}

    /** One epoch's mean validation figures. */
    public record CurvePoint(int epoch, String phase, double meanAuc, double meanLogloss) {}

    /** One cell's test figures. */
    public record CellQuality(double auc, double logloss) {}

    /** The reference run: test AUC per cell, training speed per phase, parameters. */
    public record ReferenceRun(
            Map<String, Double> cells,
            double searchExamplesPerS,
            double retrainExamplesPerS,
            Map<String, Long> params) {}
}
