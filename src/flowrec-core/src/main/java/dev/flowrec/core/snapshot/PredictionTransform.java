package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.LossCorrection;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How serving turns a model output into the probability it answers, per task, as named in a
 * manifest's {@code prediction_transforms}. A task missing from the map uses {@link #IDENTITY}.
 *
 * <p>{@link #FNC} undoes the fake-negative calibration: trained with plain cross-entropy on
 * fake-negative data, the model learns {@code q = p / (1 + p)}, so serving answers {@code p = q /
 * (1 - q)} (the FNC correction of Ktena et al., RecSys 2019). The result is clamped to {@code [0,
 * 1]} because {@code q} above 0.5 would otherwise give {@code p > 1}.
 */
public enum PredictionTransform {
    /** The model output is the probability. */
    IDENTITY("identity"),
    /** Fake-negative calibration: {@code p = q / (1 - q)}, clamped to {@code [0, 1]}. */
    FNC("fnc");

    private final String value;

    PredictionTransform(String value) {
        this.value = value;
    }

    /** The name used in manifests. */
    public String value() {
        return value;
    }

    /** The probability served for a model output {@code q}. NaN stays NaN so it is noticed. */
    public double apply(double q) {
        return switch (this) {
            case IDENTITY -> q;
            case FNC -> q >= 1.0 ? 1.0 : clamp(q / (1.0 - q));
        };
    }

    /** What serving applies to a task trained with {@code correction}. */
    public static PredictionTransform forCorrection(LossCorrection correction) {
        return correction == LossCorrection.FNC ? FNC : IDENTITY;
    }

    /** The transform of that manifest name, if this build knows it. */
    public static Optional<PredictionTransform> find(String value) {
        return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst();
    }

    /**
     * The transform of that manifest name.
     *
     * @throws IllegalArgumentException naming the value found and the supported ones
     */
    public static PredictionTransform parse(String value) {
        return find(value)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        String.format(
                                                Locale.ROOT,
                                                "unknown prediction transform '%s'; supported: %s",
                                                value,
                                                supportedValues())));
    }

    /** Every manifest name this build knows. */
    public static List<String> supportedValues() {
        return Arrays.stream(values()).map(PredictionTransform::value).toList();
    }

    private static double clamp(double p) {
        return p < 0.0 ? 0.0 : Math.min(p, 1.0);
    }
}
