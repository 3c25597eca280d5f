package dev.flowrec.models;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;

/**
 * Prequential AUC of a two-task model (click, conversion) on the second half of a synthetic stream:
 * by then the model has had time to learn, and it scores each example before training on it.
 * Conversion counts only examples that carry a conversion label.
 */
public final class SecondHalfAuc implements PredictionListener {
    public final RankAuc click = new RankAuc();
    public final RankAuc conversion = new RankAuc();
    private final long skip;
    private long seen;

    private SecondHalfAuc(long examples) {
        this.skip = examples / 2;
    }

    /**
     * Streams {@code examples} of {@code SyntheticStream(seed)} through the model, batches of 64.
     */
    public static SecondHalfAuc of(MultiTaskModel model, long seed, int examples) {
        SecondHalfAuc scores = new SecondHalfAuc(examples);
        OnlineTrainer trainer = new OnlineTrainer(model, 64, scores);
        new SyntheticStream(seed).next(examples).forEach(trainer::add);
        trainer.flush();
        return scores;
    }

    @Override
    public void onPredictions(Batch batch, float[][] probs) {
        for (int i = 0; i < batch.size(); i++, seen++) {
            if (seen < skip) {
                continue;
            }
            click.add(probs[i][0], batch.label(i, 0) == 1f);
            if (batch.weight(i, 1) > 0) {
                conversion.add(probs[i][1], batch.label(i, 1) == 1f);
            }
        }
    }
}
