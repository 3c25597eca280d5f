package dev.flowrec.core.metrics;

/** Argument checks shared by the metrics, so every metric rejects bad input the same way. */
final class MetricArguments {
    private MetricArguments() {}

    static void checkProbability(double probability) {
        // NaN fails both comparisons, so it is rejected here too.
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format("probability must be in [0, 1], got %s", probability));
        }
    }

    static void checkLabel(int label) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException(
                    String.format("label must be 0 or 1, got %d", label));
        }
    }
}
