package dev.flowrec.bench.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * A resumable training run's progress, saved as JSON after every epoch: what has been done, the
 * validation curve, the best epoch, and whether the run has finished. A rerun reads it and goes on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EpochHistory {
    /** One finished epoch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Epoch {
        public int epoch;
        public String phase;
        public double validationMeanAuc;
        public double validationMeanLogloss;
        public double trainSeconds;
        public double trainExamplesPerSecond;

        public Epoch() {}

        Epoch(
                int epoch,
                String phase,
                double auc,
                double logloss,
                double seconds,
                double examplesPerSecond) {
            this.epoch = epoch;
            this.phase = phase;
            this.validationMeanAuc = auc;
            this.validationMeanLogloss = logloss;
            this.trainSeconds = seconds;
            this.trainExamplesPerSecond = examplesPerSecond;
        }
    }

    public String model;
    public List<Epoch> epochs = new ArrayList<>();
    public int bestEpoch = -1;
    public double bestValidationAuc = Double.NEGATIVE_INFINITY;
    public boolean finished;

    /** The model file written after the last finished epoch (with optimiser state). */
    public String currentModelFile;

    /** The model file of the best epoch. */
    public String bestModelFile;

    public int nextEpoch() {
        return epochs.size();
    }
}
