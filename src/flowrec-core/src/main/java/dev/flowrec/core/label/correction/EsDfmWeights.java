package dev.flowrec.core.label.correction;

/**
 * ES-DFM importance weights (Yang et al. 2021) for the es-dfm policy. Each impression is emitted at
 * {@code c + C}, plus a duplicate positive when it converts after {@code C}: per x the stream holds
 * {@code 1 + dp} examples, {@code q(y=1|x) = p/(1+dp)} and {@code q(y=0|x) = (1-p+dp)/(1+dp)} (the
 * observed negatives are the real ones plus the delayed positives). So positives weigh {@code 1+dp}
 * and negatives {@code (1+dp)·tn}, where {@code tn = (1-p)/(1-p+dp)} is the probability that an
 * observed negative is a true negative; both come from the delay model, stop-gradient.
 */
final class EsDfmWeights {
    private EsDfmWeights() {}

    static double positive(double dp) {
        return 1 + dp;
    }

    static double negative(double dp, double tn) {
        return (1 + dp) * tn;
    }
}
