package dev.flowrec.core.snapshot;

import java.time.Duration;

/**
 * When the trainer publishes: after {@code everyExamples} newly trained examples, or after {@code
 * every} has passed with at least one newly trained example, whichever comes first; and whether a
 * snapshot passes the quality gate (mean online AUC at least {@code minMeanAuc}; a NaN AUC, i.e.
 * too little data, passes so that the first versions still ship).
 */
public record PublishSchedule(long everyExamples, Duration every, double minMeanAuc) {

    public PublishSchedule {
        if (everyExamples < 1 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException(
                    "everyExamples must be >= 1 and every positive, got " + everyExamples + " and " + every);
        }
    }

    public boolean isDue(long examplesTrained, long examplesAtLastPublish, long nowMillis, long lastPublishMillis) {
        long fresh = examplesTrained - examplesAtLastPublish;
        return fresh >= everyExamples || (fresh > 0 && nowMillis - lastPublishMillis >= every.toMillis());
    }

    public boolean passesQualityGate(double meanAuc) {
        return Double.isNaN(meanAuc) || meanAuc >= minMeanAuc;
    }
}
