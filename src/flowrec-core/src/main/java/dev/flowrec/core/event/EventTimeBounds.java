package dev.flowrec.core.event;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import java.io.Serializable;
import java.time.Duration;

/**
 * How far from the wall clock an event's time may be before the job refuses it: at most {@code
 * maxFutureSkew} ahead, and at most {@code maxAge} behind when an age is set ({@code null}: no
 * bound, as a backfill of historical logs needs).
 */
public record EventTimeBounds(Duration maxFutureSkew, Duration maxAge) implements Serializable {
    public EventTimeBounds {
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0: " + maxFutureSkew);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("maxAge must be positive or null: " + maxAge);
        }
    }

    public static EventTimeBounds from(FlowRecConfig config) {
        return new EventTimeBounds(
                config.get(LabelOptions.MAX_FUTURE_SKEW),
                config.getOptional(LabelOptions.MAX_EVENT_AGE).orElse(null));
    }

    /**
     * Why {@code eventTime} is out of bounds at wall-clock time {@code now}, or null if it is not.
     */
    public String problem(long eventTime, long now) {
        if (eventTime <= 0) {
            return "event_time " + eventTime + " is not a positive epoch millisecond";
        }
        if (eventTime - now > maxFutureSkew.toMillis()) {
            return "event_time " + eventTime + " is more than " + maxFutureSkew + " in the future";
        }
        if (maxAge != null && now - eventTime > maxAge.toMillis()) {
            return "event_time " + eventTime + " is more than " + maxAge + " in the past";
        }
        return null;
    }
}
