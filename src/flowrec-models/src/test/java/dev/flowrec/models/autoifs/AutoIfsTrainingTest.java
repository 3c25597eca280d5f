package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SecondHalfAuc;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.training.OnlineTrainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AutoIFS end to end through {@link OnlineTrainer}, as {@code model.type=autoifs} runs in the job.
 */
class AutoIfsTrainingTest {
    private static final Logger LOG = LoggerFactory.getLogger(AutoIfsTrainingTest.class);

    @Test
    void learnsTheSyntheticPatternPrequentially() {
        // Search over the first 3,000 examples, retrain after.
        AutoIfsModel model =
                (AutoIfsModel) MultiTaskModels.create(AutoIfsTestSettings.small(12L, 3_000));
        SecondHalfAuc auc = SecondHalfAuc.of(model, 13, 12_000);

        LOG.info(
                "AutoIFS prequential AUC on the second half: click {}, conversion {}; flow keeps"
                        + " {}",
                auc.click.auc(),
                auc.conversion.auc(),
                model.flowKeepShares());
        assertThat(model.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
        // Bayes-optimal click AUC is about 0.87 (see OnlineTrainerTest).
        assertThat(auc.click.auc()).isGreaterThan(0.75);
        assertThat(auc.conversion.auc()).isGreaterThan(0.65);
    }

    @Test
    void checkpointRestoreContinuesExactlyAcrossTheSearchToRetrainBoundary() {
        // Window 400 in batches of 16: rewind point at 360, search ends after 400 examples (batch
        // 25).
        for (int checkpointAt : new int[] {16 * 20 + 5, 16 * 23 + 3, 16 * 26 + 7}) {
            SyntheticStream stream = new SyntheticStream(14);
            List<float[][]> fromA = new ArrayList<>();
            List<float[][]> fromB = new ArrayList<>();
            OnlineTrainer a =
                    new OnlineTrainer(
                            MultiTaskModels.create(AutoIfsTestSettings.small(14L, 400)),
                            16,
                            (batch, probs) -> fromA.add(probs));
            stream.next(checkpointAt).forEach(a::add);

            OnlineTrainer b =
                    OnlineTrainer.restore(a.checkpoint(), 16, (batch, probs) -> fromB.add(probs));
            fromA.clear();
            for (EncodedExample e : stream.next(16 * 12)) {
                a.add(e);
                b.add(e);
            }

            assertThat(fromB).hasSameSizeAs(fromA);
            for (int i = 0; i < fromA.size(); i++) {
                assertThat(fromB.get(i))
                        .as("step %d after a checkpoint at example %d", i, checkpointAt)
                        .isDeepEqualTo(fromA.get(i));
            }
            AutoIfsModel modelA = (AutoIfsModel) a.model();
            AutoIfsModel modelB = (AutoIfsModel) b.model();
            assertThat(modelB.phase()).isEqualTo(AutoIfsPhase.RETRAIN).isEqualTo(modelA.phase());
            assertThat(modelB.examplesSeen()).isEqualTo(modelA.examplesSeen());
            assertThat(modelB.graph().params()).isEqualTo(modelA.graph().params());
            assertThat(b.lastLoss()).isEqualTo(a.lastLoss());
        }
    }
}
