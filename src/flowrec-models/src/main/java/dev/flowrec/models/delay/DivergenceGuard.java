package dev.flowrec.models.delay;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Catches a trainer whose model diverged and puts back its last good state. After every training
 * step it checks that the step's loss (computed from the batch's scores) and every parameter are
 * finite; a NaN or infinity in either means the model can no longer be served, and further steps
 * would only spread it. The last good state is the trainer's state when the guard was made and at
 * every {@link #markGood} (the trainer marks each published version), so a rollback returns to
 * exactly what was last served.
 *
 * <p>Examples trained between that state and the divergence are not trained again: they are what
 * the model diverged on. Their count is reported with each rollback.
 */
public final class DivergenceGuard {

    /**
     * A divergence and what was done about it.
     *
     * @param reason what was not finite
     * @param step the training step that produced it
     * @param examplesDiscarded examples trained since the last good state, now not in the model
     * @param restored the trainer as of the last good state, to go on with
     */
    public record Rollback(
            String reason, long step, long examplesDiscarded, DelayedFeedbackTrainer restored) {}

    private final Function<byte[], DelayedFeedbackTrainer> restore;
    private DelayedFeedbackTrainer.Capture lastGood;
    private long lastGoodExamples;
    private long checkedSteps;

    /**
     * @param learner the trainer as it starts, taken as good
     * @param restore rebuilds a trainer from {@link DelayedFeedbackTrainer#checkpoint()} bytes
     */
    public DivergenceGuard(
            DelayedFeedbackTrainer learner, Function<byte[], DelayedFeedbackTrainer> restore) {
        this.restore = restore;
        markGood(learner);
    }

    /**
     * Remembers the trainer's current state as the one to roll back to: a copy, encoded only if a
     * rollback needs it, so marking every published version costs the task thread no serialization.
     */
    public void markGood(DelayedFeedbackTrainer learner) {
        lastGood = learner.capture();
        lastGoodExamples = learner.trainer().examplesTrained();
        checkedSteps = learner.trainer().steps();
    }

    /**
     * Checks the steps run since the last call.
     *
     * @return empty when no step ran or the model is finite; else the rollback, whose {@code
     *     restored} trainer replaces {@code learner}
     */
    public Optional<Rollback> check(DelayedFeedbackTrainer learner) {
        long steps = learner.trainer().steps();
        if (steps == checkedSteps) {
            return Optional.empty();
        }
        checkedSteps = steps;
        String reason = nonFinite(learner);
        if (reason == null) {
            return Optional.empty();
        }
        DelayedFeedbackTrainer restored = restore.apply(lastGood.encode());
        // A capture is encoded once: the restored trainer is the next rollback's good state.
        markGood(restored);
        return Optional.of(
                new Rollback(
                        reason,
                        steps,
                        learner.trainer().examplesTrained() - lastGoodExamples,
                        restored));
    }

    private static String nonFinite(DelayedFeedbackTrainer learner) {
        double loss = learner.trainer().lastLoss();
        if (!Double.isFinite(loss)) {
            return String.format(Locale.ROOT, "the training loss is %s", loss);
        }
        if (!learner.trainer().model().hasFiniteParameters()) {
            return "a parameter is not finite";
        }
        return null;
    }
}
