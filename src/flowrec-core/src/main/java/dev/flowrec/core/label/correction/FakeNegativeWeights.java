package dev.flowrec.core.label.correction;

/**
 * FNW (Ktena et al. 2019) for the fake-negative policy. Every impression is emitted once as a
 * negative and once more as a positive if it converts, so per x the stream holds {@code 1 + p}
 * examples: {@code q(y=1|x) = p/(1+p)}, {@code q(y=0|x) = 1/(1+p)}. The importance weights {@code
 * p(y|x)/q(y|x)} are {@code 1+p} for positives and {@code (1-p)(1+p)} for negatives, with {@code p}
 * the model's own stop-gradient estimate.
 */
final class FakeNegativeWeights {
    private FakeNegativeWeights() {}

    static double positive(double p) {
        return 1 + p;
    }

    static double negative(double p) {
        return (1 - p) * (1 + p);
    }
}
