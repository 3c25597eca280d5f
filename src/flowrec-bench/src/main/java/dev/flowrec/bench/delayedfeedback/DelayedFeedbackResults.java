package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.bench.report.Machine;
import java.util.Map;

/**
 * B3's results.json (record components are written in snake case).
 *
 * @param labelWindows per task, the join's windows
 * @param model the effective {@code model.*} options
 * @param models per method, in the order run
 */
record DelayedFeedbackResults(
        String benchmark,
        String startedAt,
        Machine machine,
        Dataset dataset,
        Map<String, Windows> labelWindows,
        Map<String, String> model,
        Map<String, MethodResult> models) {

    /** The stream: its name, impressions, and how it was made and scored. */
    record Dataset(String name, long rows, String protocol) {}

    /** One task's observation window C and attribution window W. */
    record Windows(long observationMs, long attributionMs) {}

    /**
     * One method: its saved outcome's figures, what it is, and the share of the vanilla-to-oracle
     * gap it recovers per task ("auc" and "logloss"; null where the gap is within noise).
     */
    record MethodResult(
            Map<String, SavedOutcome.Cell> cells,
            long examplesTrained,
            double seconds,
            double meanLiveJoinKeys,
            long peakLiveJoinKeys,
            String policy,
            String correction,
            double meanAuc,
            double trainExamplesPerS,
            Map<String, Map<String, Double>> gapRecovered) {}
}
