package dev.flowrec.models.autoifs;

import java.math.BigInteger;

/**
 * The streaming form of AutoIFS's two-phase training (the reference code searches for 10 epochs,
 * rewinds to the start of epoch 9 and retrains; here a window of examples takes the place of the
 * epochs), as pure counting: no DL4J here. A <em>search</em> window covers the next {@code
 * searchExamples} training examples; within it the gate temperature is {@code
 * finalTemperature^(p/(steps-1))} for part {@code p = floor(seen·steps/W)} of {@code steps} equal
 * parts (the reference's per-epoch schedule, 1 in the first part, the final temperature in the
 * last). At {@link #rewindAt()} examples into the window the model snapshots its main parameters;
 * when the window is full it rewinds to them and switches to <em>retrain</em> with hard, frozen
 * gates. With a positive {@code researchInterval}, that many retrain examples later a new search
 * window starts.
 *
 * <p>Transitions happen at batch boundaries: a window ends after the batch that fills it, and the
 * snapshot is taken before the batch that contains the window's example number {@link #rewindAt()}
 * (counting from 0), i.e. at the last batch boundary at or before it. With {@code rewindFraction} 1
 * the rewind point is the end of the window: no snapshot, no rewind. Not thread-safe.
 */
final class SearchSchedule {

    /** What {@link #advance} asks the model to do after a batch. */
    enum Transition {
        NONE,
        END_SEARCH,
        START_SEARCH
    }

    private final AutoIfsSettings settings;
    private AutoIfsPhase phase;
    private long examplesSeen;
    private long windowSeen;
    private int searchesCompleted;

    SearchSchedule(AutoIfsSettings settings) {
        this(settings, AutoIfsPhase.SEARCH, 0, 0, 0);
    }

    SearchSchedule(
            AutoIfsSettings settings,
            AutoIfsPhase phase,
            long examplesSeen,
            long windowSeen,
            int searchesCompleted) {
        if (examplesSeen < 0
                || windowSeen < 0
                || windowSeen > examplesSeen
                || searchesCompleted < 0) {
            throw new IllegalArgumentException(
                    "inconsistent AutoIFS schedule state: examplesSeen="
                            + examplesSeen
                            + " windowSeen="
                            + windowSeen
                            + " searchesCompleted="
                            + searchesCompleted);
        }
        this.settings = settings;
        this.phase = phase;
        this.examplesSeen = examplesSeen;
        this.windowSeen = windowSeen;
        this.searchesCompleted = searchesCompleted;
    }

    AutoIfsPhase phase() {
        return phase;
    }

    /** Training examples seen by the model since it was created. */
    long examplesSeen() {
        return examplesSeen;
    }

    /**
     * Training examples seen in the current phase (search window, or retrain since the last
     * search).
     */
    long windowSeen() {
        return windowSeen;
    }

    int searchesCompleted() {
        return searchesCompleted;
    }

    /** Examples into a search window at which the main model is snapshotted. */
    long rewindAt() {
        return Math.round(settings.rewindFraction() * settings.searchExamples());
    }

    /**
     * Whether the main model must be snapshotted before training on the next batch of this size.
     */
    boolean snapshotDue(boolean holdsSnapshot, int batchSize) {
        long at = rewindAt();
        return phase == AutoIfsPhase.SEARCH
                && !holdsSnapshot
                && at < settings.searchExamples()
                && windowSeen + batchSize > at;
    }

    /**
     * The soft-gate temperature for the next batch; in retrain, the final temperature (unused
     * there).
     */
    double temperature() {
        if (phase != AutoIfsPhase.SEARCH) {
            return settings.finalTemperature();
        }
        int steps = settings.temperatureSteps();
        // Exact integer arithmetic: a double product could put a boundary example in the wrong
        // part.
        long part =
                BigInteger.valueOf(windowSeen)
                        .multiply(BigInteger.valueOf(steps))
                        .divide(BigInteger.valueOf(settings.searchExamples()))
                        .min(BigInteger.valueOf(steps - 1L))
                        .longValue();
        return Math.pow(settings.finalTemperature(), (double) part / (steps - 1));
    }

    /**
     * Counts a trained batch and says which transition, if any, is now due; applies it to the
     * counters.
     */
    Transition advance(int batchSize) {
        examplesSeen += batchSize;
        windowSeen += batchSize;
        if (phase == AutoIfsPhase.SEARCH && windowSeen >= settings.searchExamples()) {
            phase = AutoIfsPhase.RETRAIN;
            windowSeen = 0;
            searchesCompleted++;
            return Transition.END_SEARCH;
        }
        if (phase == AutoIfsPhase.RETRAIN
                && settings.researchInterval() > 0
                && windowSeen >= settings.researchInterval()) {
            phase = AutoIfsPhase.SEARCH;
            windowSeen = 0;
            return Transition.START_SEARCH;
        }
        return Transition.NONE;
    }
}
