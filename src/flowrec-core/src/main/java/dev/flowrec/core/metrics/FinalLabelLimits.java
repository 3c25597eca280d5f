package dev.flowrec.core.metrics;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.SnapshotOptions;

/**
 * What bounds a {@link FinalLabelEvaluator}'s memory and checkpoint: the impressions it holds while
 * they wait, and the examples per cell in its {@link FinalLabelWindow}.
 *
 * @param maxPending most impressions held while waiting for a prediction or a final label
 * @param windowExamples most final-labelled examples per cell in the window
 */
public record FinalLabelLimits(int maxPending, int windowExamples) {

    /** The options' defaults. */
    public static final FinalLabelLimits DEFAULT =
            new FinalLabelLimits(
                    ModelOptions.FINAL_LABEL_MAX_PENDING.defaultValue().orElseThrow(),
                    SnapshotOptions.GATE_WINDOW_EXAMPLES.defaultValue().orElseThrow());

    public FinalLabelLimits {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive, got " + maxPending);
        }
        if (windowExamples < 1 || windowExamples > FinalLabelWindow.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    String.format(
                            "windowExamples must be in [1, %d], got %d",
                            FinalLabelWindow.MAX_CAPACITY, windowExamples));
        }
    }

    /** {@code model.final-label.max-pending} and {@code snapshots.gate.window-examples}. */
    public static FinalLabelLimits from(FlowRecConfig config) {
        return new FinalLabelLimits(
                config.get(ModelOptions.FINAL_LABEL_MAX_PENDING),
                config.get(SnapshotOptions.GATE_WINDOW_EXAMPLES));
    }
}
