package dev.flowrec.core.label.correction;

/**
 * DEFER importance weights (Gu et al. 2021) for the defer policy. Every impression is emitted
 * twice: at {@code c + C} labelled by the feedback seen within {@code C} (positive with probability
 * {@code p - dp}), and again with its final label (positive with probability {@code p}). So {@code
 * q(y=1|x) = ((p-dp) + p)/2 = p - dp/2} and {@code q(y=0|x) = 1 - p + dp/2}, and the weights {@code
 * p(y|x)/q(y|x)} are {@code p/(p-dp/2)} for positives and {@code (1-p)/(1-p+dp/2)} for negatives. A
 * delayed conversion is a conversion, so {@code dp} is capped at {@code p}: the positive weight
 * then stays within [1, 2] even when the two models disagree.
 */
final class DeferWeights {
    private DeferWeights() {}

    static double positive(double p, double dp) {
        double d = Math.min(dp, p);
        return p / (p - d / 2);
    }

    static double negative(double p, double dp) {
        double d = Math.min(dp, p);
        return (1 - p) / (1 - p + d / 2);
    }
}
