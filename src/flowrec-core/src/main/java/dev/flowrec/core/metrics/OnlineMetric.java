package dev.flowrec.core.metrics;

/**
 * A streaming metric over (probability, binary label) pairs whose memory does not grow with the
 * number of pairs, and which merges: the state of a stream split into parts and merged equals the
 * state of the whole stream (up to floating-point rounding of sums). Merging is what makes windowed
 * views cheap (one metric per window, merged into the running total) and lets parallel scorers
 * combine their partial results.
 *
 * <p>Implementations are not thread-safe.
 *
 * @param <M> the implementing type, so {@link #merge} and {@link #copy} stay typed
 */
public interface OnlineMetric<M extends OnlineMetric<M>> {

    /**
     * Records one scored example.
     *
     * @param probability the predicted probability of the positive class, in [0, 1]
     * @param label the observed label, 0 or 1
     * @throws IllegalArgumentException if the probability is NaN or outside [0, 1], or the label is
     *     neither 0 nor 1
     */
    void add(double probability, int label);

    /** Adds everything {@code other} has recorded; {@code other} is unchanged. */
    void merge(M other);

    /** An independent copy: later changes to either do not affect the other. */
    M copy();

    /** Number of examples recorded so far. */
    long count();
}
