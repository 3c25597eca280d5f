package dev.flowrec.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SecondHalfAuc;
import dev.flowrec.models.SyntheticStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class OnlineTrainerTest {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainerTest.class);
    private static final ModelSettings SETTINGS = SyntheticStream.smallSettings(11L);

    @Test
    void stepsAtBatchBoundariesAndFlushesTheRest() {
        List<Integer> batchSizes = new ArrayList<>();
        OnlineTrainer trainer =
                new OnlineTrainer(
                        MultiTaskModels.create(SETTINGS),
                        8,
                        (batch, probs) -> batchSizes.add(batch.size()));

        new SyntheticStream(1).next(20).forEach(trainer::add);

        assertThat(batchSizes).containsExactly(8, 8);
        assertThat(trainer.steps()).isEqualTo(2);
        assertThat(trainer.examplesTrained()).isEqualTo(16);
        assertThat(trainer.buffered()).isEqualTo(4);
        assertThat(trainer.lastLoss()).isFinite().isPositive();

        trainer.flush();
        trainer.flush();

        assertThat(batchSizes).containsExactly(8, 8, 4);
        assertThat(trainer.steps()).isEqualTo(3);
        assertThat(trainer.examplesTrained()).isEqualTo(20);
        assertThat(trainer.buffered()).isZero();
        assertThat(trainer.trainTime()).isPositive();
    }

    @Test
    void scoresEachBatchBeforeTrainingOnIt() {
        MultiTaskModel twin = MultiTaskModels.create(SETTINGS);
        List<String> mismatches = new ArrayList<>();
        OnlineTrainer trainer =
                new OnlineTrainer(
                        MultiTaskModels.create(SETTINGS),
                        16,
                        (batch, probs) -> {
                            // The twin has seen exactly the batches before this one.
                            if (!Arrays.deepEquals(probs, twin.predict(batch))) {
                                mismatches.add("step with " + batch.size() + " examples");
                            }
                            twin.fit(batch);
                        });

        new SyntheticStream(2).next(16 * 5).forEach(trainer::add);

        assertThat(trainer.steps()).isEqualTo(5);
        assertThat(mismatches).isEmpty();
    }

    /**
     * The weighting sees each batch with the probabilities it was scored with, and the model trains
     * on what it returns: a twin fitted on the reweighted batches stays identical.
     */
    @Test
    void trainsOnTheBatchItsWeightingDerivesFromTheScores() {
        MultiTaskModel twin = MultiTaskModels.create(SETTINGS);
        List<String> mismatches = new ArrayList<>();
        LossWeighting doublePositives =
                (batch, probs) -> {
                    if (!Arrays.deepEquals(probs, twin.predict(batch))) {
                        mismatches.add("weighting saw other scores");
                    }
                    float[] w = batch.weights().clone();
                    for (int k = 0; k < w.length; k++) {
                        w[k] *= batch.labels()[k] > 0 ? 2f : 1f;
                    }
                    Batch weighted =
                            new Batch(
                                    batch.size(),
                                    batch.fields(),
                                    batch.tasks(),
                                    batch.featureRows(),
                                    batch.scenarios(),
                                    batch.labels(),
                                    w);
                    twin.fit(weighted);
                    return weighted;
                };
        OnlineTrainer trainer =
                new OnlineTrainer(
                        MultiTaskModels.create(SETTINGS),
                        16,
                        PredictionListener.NONE,
                        doublePositives);
        new SyntheticStream(3).next(16 * 4).forEach(trainer::add);
        assertThat(mismatches).isEmpty();
        Batch probe = Batch.of(new SyntheticStream(4).next(8));
        assertThat(trainer.model().predict(probe)).isDeepEqualTo(twin.predict(probe));
        OnlineTrainer unweighted =
                new OnlineTrainer(MultiTaskModels.create(SETTINGS), 16, PredictionListener.NONE);
        new SyntheticStream(3).next(16 * 4).forEach(unweighted::add);
        assertThat(unweighted.model().predict(probe))
                .as("the weights changed the training")
                .isNotEqualTo(twin.predict(probe));
    }

    @Test
    void learnsTheSyntheticPatternPrequentially() {
        // Scores only the second half: the model has had time to learn, and it has not seen these.
        SecondHalfAuc auc = SecondHalfAuc.of(MultiTaskModels.create(SETTINGS), 3, 12_000);

        LOG.info(
                "Prequential AUC on the second half: click {} ({} examples), conversion {} ({}"
                        + " labelled)",
                auc.click.auc(),
                auc.click.count(),
                auc.conversion.auc(),
                auc.conversion.count());
        // The Bayes-optimal click AUC here is about 0.87; 0.75 is a margin of 0.25 over chance.
        assertThat(auc.click.auc()).isGreaterThan(0.75);
        // Conversion learns from the ~1/3 of examples that clicked; still at least 0.15 over
        // chance.
        assertThat(auc.conversion.auc()).isGreaterThan(0.65);
    }

    @Test
    void restoredTrainerContinuesExactlyLikeTheOriginal() {
        SyntheticStream stream = new SyntheticStream(4);
        List<float[][]> fromA = new ArrayList<>();
        List<float[][]> fromB = new ArrayList<>();
        OnlineTrainer a =
                new OnlineTrainer(
                        MultiTaskModels.create(SETTINGS), 16, (batch, probs) -> fromA.add(probs));
        stream.next(16 * 3 + 5).forEach(a::add); // 3 steps and a partly filled buffer

        byte[] checkpoint = a.checkpoint();
        OnlineTrainer b = OnlineTrainer.restore(checkpoint, 16, (batch, probs) -> fromB.add(probs));
        fromA.clear();

        assertThat(b.steps()).isEqualTo(3);
        assertThat(b.examplesTrained()).isEqualTo(48);
        assertThat(b.buffered()).isEqualTo(5);
        assertThat(b.lastLoss()).isEqualTo(a.lastLoss());
        assertThat(b.trainTime()).isEqualTo(a.trainTime());

        for (EncodedExample e : stream.next(16 * 4)) {
            a.add(e);
            b.add(e);
        }
        a.flush();
        b.flush();
        Batch probe = stream.batch(64);

        assertThat(fromB).hasSize(5);
        for (int i = 0; i < fromA.size(); i++) {
            assertThat(fromB.get(i))
                    .as("probabilities of step %d after restore", i)
                    .isDeepEqualTo(fromA.get(i));
        }
        assertThat(b.lastLoss()).isEqualTo(a.lastLoss());
        assertThat(b.steps()).isEqualTo(a.steps());
        assertThat(b.model().predict(probe)).isDeepEqualTo(a.model().predict(probe));
    }

    @Test
    void rejectsBadCheckpoints() {
        OnlineTrainer trainer =
                new OnlineTrainer(MultiTaskModels.create(SETTINGS), 4, PredictionListener.NONE);
        new SyntheticStream(5).next(6).forEach(trainer::add);
        byte[] checkpoint = trainer.checkpoint();
        byte[] badMagic = checkpoint.clone();
        badMagic[0] = 0;
        byte[] newerVersion = checkpoint.clone();
        ByteBuffer.wrap(newerVersion).putInt(4, 3);
        byte[] corrupt = checkpoint.clone();
        corrupt[40] ^= 1;

        assertThatThrownBy(() -> OnlineTrainer.restore(badMagic, 4, PredictionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "not a FlowRec trainer checkpoint: magic 0x00525443, expected 0x46525443");
        assertThatThrownBy(() -> OnlineTrainer.restore(newerVersion, 4, PredictionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "trainer checkpoint format version 3 is not supported; this reader supports"
                                + " version 1");
        assertThatThrownBy(() -> OnlineTrainer.restore(corrupt, 4, PredictionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trainer checkpoint is corrupt or truncated: CRC-32");
    }

    @Test
    void rejectsExamplesThatDoNotFitTheModel() {
        OnlineTrainer trainer =
                new OnlineTrainer(MultiTaskModels.create(SETTINGS), 4, PredictionListener.NONE);

        assertThatThrownBy(
                        () ->
                                trainer.add(
                                        new EncodedExample(
                                                new int[] {1, 2, 3},
                                                0,
                                                new float[2],
                                                new float[2])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example has 3 fields and 2 tasks but the model expects 4 and 2");
        assertThatThrownBy(
                        () ->
                                trainer.add(
                                        new EncodedExample(
                                                new int[] {1, 2, 3, 500},
                                                0,
                                                new float[2],
                                                new float[2])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example row 500 of field 3 is outside the embedding table [0, 128)");
        assertThatThrownBy(
                        () ->
                                new OnlineTrainer(
                                        MultiTaskModels.create(SETTINGS),
                                        0,
                                        PredictionListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1, got 0");
        assertThat(trainer.buffered()).isZero();
    }
}
