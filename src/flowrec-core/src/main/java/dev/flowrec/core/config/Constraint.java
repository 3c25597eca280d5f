package dev.flowrec.core.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * What a configuration value must satisfy. {@link #violation} returns null when the value is fine,
 * otherwise the reason in words ("must be at least 1"); {@link #toString} is the accepted range as
 * the generated reference shows it.
 */
public interface Constraint<T> {

    String violation(T value);

    static <T> Constraint<T> none() {
        return described(v -> null, "");
    }

    static <T> Constraint<T> described(Constraint<T> check, String accepted) {
        return new Constraint<>() {
            @Override
            public String violation(T value) {
                return check.violation(value);
            }

            @Override
            public String toString() {
                return accepted;
            }
        };
    }

    static <N extends Number> Constraint<N> atLeast(N min) {
        return described(
                v -> v.doubleValue() >= min.doubleValue() ? null : "must be at least " + min,
                ">= " + min);
    }

    static <N extends Number> Constraint<N> between(N min, N max) {
        return described(
                v ->
                        v.doubleValue() >= min.doubleValue() && v.doubleValue() <= max.doubleValue()
                                ? null
                                : "must be between " + min + " and " + max,
                "[" + min + ", " + max + "]");
    }

    static <N extends Number> Constraint<N> positive() {
        return described(v -> v.doubleValue() > 0 ? null : "must be positive", "> 0");
    }

    /** Above 0 and finite: for a bound that infinity would turn off without saying so. */
    static Constraint<Double> finitePositive() {
        return described(
                v -> v > 0 && !v.isInfinite() ? null : "must be positive and finite",
                "> 0, finite");
    }

    static Constraint<Duration> positiveDuration() {
        return described(
                v -> v.isNegative() || v.isZero() ? "must be a positive duration" : null, "> 0");
    }

    static Constraint<String> notBlank() {
        return described(v -> v.isBlank() ? "must not be blank" : null, "non-empty");
    }

    /** A name that Kafka, Flink and file systems all take as it is: no spaces, no slashes. */
    static Constraint<String> plainName() {
        return described(
                v ->
                        v.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
                                ? null
                                : "must be 1 to 100 letters, digits, '.', '_' or '-', starting with"
                                        + " a letter or digit",
                "[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    }

    static <E> Constraint<Collection<E>> notEmpty() {
        return described(
                v -> v.isEmpty() ? "must name at least one value" : null, "non-empty list");
    }

    static Constraint<Map<String, Duration>> positiveDurations() {
        return described(
                v -> {
                    for (Map.Entry<String, Duration> e : v.entrySet()) {
                        if (e.getValue().isNegative() || e.getValue().isZero()) {
                            return "duration for '" + e.getKey() + "' must be positive";
                        }
                    }
                    return null;
                },
                "positive durations");
    }
}
