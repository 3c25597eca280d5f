package dev.flowrec.core.label.correction;

import dev.flowrec.core.config.LossCorrection;

/**
 * The stop-gradient loss weight of one labelled example and task under a correction, from the
 * model's own probability {@code p} (taken before the step) and the delay model's estimate. FNC and
 * none train with weight 1 (FNC corrects at serving time instead).
 */
public final class CorrectionWeights {
    /** Keeps {@code p} off 0 and 1 so that no weight divides by zero. */
    static final double P_FLOOR = 1e-6;

    private CorrectionWeights() {}

    public static double weight(
            LossCorrection correction, boolean positive, double p, DelayEstimate delay) {
        double q = Math.min(Math.max(p, P_FLOOR), 1 - P_FLOOR);
        return switch (correction) {
            case NONE, FNC -> 1.0;
            case FNW ->
                    positive ? FakeNegativeWeights.positive(q) : FakeNegativeWeights.negative(q);
            case ES_DFM ->
                    positive
                            ? EsDfmWeights.positive(delay.dp())
                            : EsDfmWeights.negative(delay.dp(), delay.tn());
            case DEFER ->
                    positive
                            ? DeferWeights.positive(q, delay.dp())
                            : DeferWeights.negative(q, delay.dp());
        };
    }
}
