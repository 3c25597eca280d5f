package dev.flowrec.core.label.correction;

/**
 * What the delay model says about one impression and task: {@code dp}, the probability it converts
 * after the observation window; {@code tn}, the probability that, seen as negative at the end of
 * the observation window, it never converts.
 */
public record DelayEstimate(double dp, double tn) {
    /** For corrections that need no delay model. */
    public static final DelayEstimate NONE = new DelayEstimate(0, 1);
}
