package dev.flowrec.data.movielens;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the MovieLens replay. A rating has no feedback delay of its own, so the replay draws
 * one per task: log-normal around the given median with spread {@code delaySigma} (0 makes every
 * delay exactly the median), at least 1 ms so feedback always follows its impression. Every check
 * names the parameter, the rejected value and the accepted range.
 *
 * @param clickDelay median delay from impression to click feedback
 * @param likeDelay median delay from impression to like feedback
 * @param delaySigma log-normal shape of both delays, 0 to 5
 * @param sequenceLength most recent clicked (and liked) movies put in each impression's sequences,
 *     0 to 1000; 0 leaves sequences out
 * @param seed the delays derive from it
 */
public record ReplayConfig(
        Duration clickDelay, Duration likeDelay, double delaySigma, int sequenceLength, long seed) {

    private static final double MAX_SIGMA = 5.0;
    private static final int MAX_SEQUENCE_LENGTH = 1000;

    public ReplayConfig {
        checkPositive("clickDelay", clickDelay);
        checkPositive("likeDelay", likeDelay);
        if (!(delaySigma >= 0.0 && delaySigma <= MAX_SIGMA)) {
            throw new IllegalArgumentException(
                    String.format("delaySigma must be in [0, %s], got %s", MAX_SIGMA, delaySigma));
        }
        if (sequenceLength < 0 || sequenceLength > MAX_SEQUENCE_LENGTH) {
            throw new IllegalArgumentException(
                    String.format(
                            "sequenceLength must be in [0, %d], got %d",
                            MAX_SEQUENCE_LENGTH, sequenceLength));
        }
    }

    /**
     * Clicks after a median 30 s and likes after a median 10 min, log-normal spread 1.0, the last
     * 20 clicked and liked movies as sequences, seed 2021.
     */
    public static ReplayConfig defaults() {
        return new ReplayConfig(Duration.ofSeconds(30), Duration.ofMinutes(10), 1.0, 20, 2021);
    }

    public ReplayConfig withDelays(Duration click, Duration like, double sigma) {
        return new ReplayConfig(click, like, sigma, sequenceLength, seed);
    }

    public ReplayConfig withSequenceLength(int length) {
        return new ReplayConfig(clickDelay, likeDelay, delaySigma, length, seed);
    }

    public ReplayConfig withSeed(long newSeed) {
        return new ReplayConfig(clickDelay, likeDelay, delaySigma, sequenceLength, newSeed);
    }

    private static void checkPositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    String.format("%s must be positive, got %s", name, value));
        }
    }
}
