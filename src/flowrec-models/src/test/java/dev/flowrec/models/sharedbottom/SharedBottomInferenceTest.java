package dev.flowrec.models.sharedbottom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.InferenceChecks;
import org.junit.jupiter.api.Test;

class SharedBottomInferenceTest {

    @Test
    void scoresLikeTheGraphAfterTrainingAndAfterARestore() {
        MultiTaskModel model = MultiTaskModels.create(SyntheticStream.smallSettings(11L));
        SyntheticStream stream = new SyntheticStream(11);
        for (int i = 0; i < 5; i++) {
            model.fit(stream.batch(32));
        }
        MultiTaskModel restored = MultiTaskModels.fromBytes(model.toBytes(false));

        InferenceChecks.assertScoresLikeTheModel(model, model.inference());
        InferenceChecks.assertScoresLikeTheModel(restored, restored.inference());
    }

    @Test
    void namesItsEngineAndMatrixProducts() {
        Inference inference =
                MultiTaskModels.create(SyntheticStream.smallSettings(12L)).inference();

        assertThat(inference.engine()).startsWith("openblas");
        assertThat(inference.denseProducts())
                .as("shared 32-16, then per task a tower of 8 and its logit")
                .isDeepEqualTo(new int[][] {{32, 32}, {32, 16}, {16, 8}, {8, 1}, {16, 8}, {8, 1}});
    }
}
