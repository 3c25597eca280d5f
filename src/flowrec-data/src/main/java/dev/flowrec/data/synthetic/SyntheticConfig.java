package dev.flowrec.data.synthetic;

import java.time.Duration;
import java.time.Instant;

/**
 * Settings of the synthetic event stream. Start from {@link #defaults()} or {@link #builder()};
 * every component is checked on construction and a failure names the parameter, the rejected value
 * and the accepted range.
 *
 * <p>Delays are given as <em>real-world</em> durations and divided by {@code timeCompression} to
 * get event-time delays, so the same world can be replayed fast (the demo) or at face value ({@code
 * timeCompression = 1}). The arrival rate is already in event time and is not compressed.
 *
 * @param seed everything random (world and events) derives from it
 * @param users number of users
 * @param items number of items
 * @param latentDimension length of the user and item factor vectors
 * @param startEpochMillis event time of the stream's start
 * @param impressionsPerSecond mean impression rate in event time (Poisson arrivals)
 * @param timeCompression real-world delays are divided by this
 * @param clickDelayMedian real-world median delay from impression to click (log-normal)
 * @param clickDelaySigma log-normal shape of the click delay
 * @param conversionDelayMedian real-world median delay from click to conversion (log-normal)
 * @param conversionDelaySigma log-normal shape of the conversion delay (heavy tail)
 * @param conversionDelayMax real-world cap on the conversion delay; longer draws are redrawn, so a
 *     label join whose attribution window covers it sees every conversion
 * @param sequenceLength most recent clicked items put in each impression's {@code clicked}
 *     sequence; 0 leaves sequences out
 */
public record SyntheticConfig(
        long seed,
        int users,
        int items,
        int latentDimension,
        long startEpochMillis,
        double impressionsPerSecond,
        double timeCompression,
        Duration clickDelayMedian,
        double clickDelaySigma,
        Duration conversionDelayMedian,
        double conversionDelaySigma,
        Duration conversionDelayMax,
        int sequenceLength) {

    /** 2026-01-01T00:00:00Z: a fixed start, so streams are reproducible. */
    public static final long DEFAULT_START_EPOCH_MILLIS =
            Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final int MAX_USERS = 10_000_000;
    private static final int MAX_ITEMS = 1_000_000;
    private static final int MAX_LATENT_DIMENSION = 256;
    private static final int MAX_SEQUENCE_LENGTH = 1000;
    private static final double MAX_SIGMA = 5.0;

    public SyntheticConfig {
        checkRange("users", users, 2, MAX_USERS);
        checkRange("items", items, 2, MAX_ITEMS);
        checkRange("latentDimension", latentDimension, 1, MAX_LATENT_DIMENSION);
        checkRange("sequenceLength", sequenceLength, 0, MAX_SEQUENCE_LENGTH);
        if (startEpochMillis < 0) {
            throw invalid("startEpochMillis", startEpochMillis, "must be >= 0");
        }
        checkPositiveFinite("impressionsPerSecond", impressionsPerSecond);
        checkPositiveFinite("timeCompression", timeCompression);
        checkPositive("clickDelayMedian", clickDelayMedian);
        checkPositive("conversionDelayMedian", conversionDelayMedian);
        checkPositive("conversionDelayMax", conversionDelayMax);
        checkSigma("clickDelaySigma", clickDelaySigma);
        checkSigma("conversionDelaySigma", conversionDelaySigma);
        if (conversionDelayMax.compareTo(conversionDelayMedian) <= 0) {
            throw invalid(
                    "conversionDelayMax",
                    conversionDelayMax,
                    String.format("must exceed conversionDelayMedian (%s)", conversionDelayMedian));
        }
    }

    /**
     * 5000 users, 2000 items, 8 latent factors, seed 42, 1000 impressions per event-time second,
     * time compressed 60 times; clicks a median 3 s after the impression, conversions a median 30
     * min after the click (sigma 1.5: about two thirds within an hour, a tail to the 24 h cap),
     * both real-world; sequences of the 20 latest clicks.
     */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(
                42L,
                5000,
                2000,
                8,
                DEFAULT_START_EPOCH_MILLIS,
                1000.0,
                60.0,
                Duration.ofSeconds(3),
                0.7,
                Duration.ofMinutes(30),
                1.5,
                Duration.ofHours(24),
                20);
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Real-world milliseconds to event-time milliseconds. */
    double compress(double realMillis) {
        return realMillis / timeCompression;
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(name, value, String.format("must be in [%d, %d]", min, max));
        }
    }

    private static void checkPositiveFinite(String name, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw invalid(name, value, "must be positive and finite");
        }
    }

    private static void checkSigma(String name, double value) {
        if (!(value >= 0.0 && value <= MAX_SIGMA)) {
            throw invalid(name, value, String.format("must be in [0, %s]", MAX_SIGMA));
        }
    }

    private static void checkPositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(name, value, "must be a positive duration");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException(
                String.format("Invalid synthetic data parameter %s = %s: %s", name, value, rule));
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private long seed;
        private int users;
        private int items;
        private int latentDimension;
        private long startEpochMillis;
        private double impressionsPerSecond;
        private double timeCompression;
        private Duration clickDelayMedian;
        private double clickDelaySigma;
        private Duration conversionDelayMedian;
        private double conversionDelaySigma;
        private Duration conversionDelayMax;
        private int sequenceLength;

        private Builder(SyntheticConfig from) {
            seed = from.seed;
            users = from.users;
            items = from.items;
            latentDimension = from.latentDimension;
            startEpochMillis = from.startEpochMillis;
            impressionsPerSecond = from.impressionsPerSecond;
            timeCompression = from.timeCompression;
            clickDelayMedian = from.clickDelayMedian;
            clickDelaySigma = from.clickDelaySigma;
            conversionDelayMedian = from.conversionDelayMedian;
            conversionDelaySigma = from.conversionDelaySigma;
            conversionDelayMax = from.conversionDelayMax;
            sequenceLength = from.sequenceLength;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder users(int value) {
            users = value;
            return this;
        }

        public Builder items(int value) {
            items = value;
            return this;
        }

        public Builder latentDimension(int value) {
            latentDimension = value;
            return this;
        }

        public Builder startEpochMillis(long value) {
            startEpochMillis = value;
            return this;
        }

        public Builder impressionsPerSecond(double value) {
            impressionsPerSecond = value;
            return this;
        }

        public Builder timeCompression(double value) {
            timeCompression = value;
            return this;
        }

        public Builder clickDelay(Duration median, double sigma) {
            clickDelayMedian = median;
            clickDelaySigma = sigma;
            return this;
        }

        public Builder conversionDelay(Duration median, double sigma, Duration max) {
            conversionDelayMedian = median;
            conversionDelaySigma = sigma;
            conversionDelayMax = max;
            return this;
        }

        public Builder sequenceLength(int value) {
            sequenceLength = value;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first invalid parameter
         */
        public SyntheticConfig build() {
            return new SyntheticConfig(
                    seed,
                    users,
                    items,
                    latentDimension,
                    startEpochMillis,
                    impressionsPerSecond,
                    timeCompression,
                    clickDelayMedian,
                    clickDelaySigma,
                    conversionDelayMedian,
                    conversionDelaySigma,
                    conversionDelayMax,
                    sequenceLength);
        }
    }
}
