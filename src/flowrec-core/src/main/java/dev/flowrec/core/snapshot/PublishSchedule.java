package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.SnapshotOptions;
import java.time.Duration;

/**
 * When the trainer publishes: after {@code everyExamples} newly trained examples, or once {@code
 * every} has passed since the last publish with at least one newly trained example, whichever comes
 * first. Time alone never publishes: a version identical to the last one would tell serving nothing
 * new.
 */
public record PublishSchedule(long everyExamples, Duration every) {

    public PublishSchedule {
        if (everyExamples < 1 || every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException(
                    "everyExamples must be >= 1 and every positive, got "
                            + everyExamples
                            + " and "
                            + every);
        }
    }

    /** The schedule of {@code snapshots.interval-examples} and {@code snapshots.interval}. */
    public static PublishSchedule from(FlowRecConfig config) {
        return new PublishSchedule(
                config.get(SnapshotOptions.INTERVAL_EXAMPLES),
                config.get(SnapshotOptions.INTERVAL));
    }

    /**
     * Called after every trained example, so it takes plain milliseconds rather than a {@link
     * Duration}.
     *
     * @param freshExamples examples trained since the last publish (or held-back attempt)
     * @param millisSinceLastPublish time since then; negative when the clock went back, which only
     *     delays the time trigger
     */
    public boolean isDue(long freshExamples, long millisSinceLastPublish) {
        return freshExamples >= everyExamples
                || (freshExamples > 0 && millisSinceLastPublish >= every.toMillis());
    }
}
