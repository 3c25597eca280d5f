package dev.flowrec.models.mmoe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.inference.InferenceChecks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExpertMixtureInferenceTest {

    @ParameterizedTest
    @EnumSource(
            value = ModelType.class,
            names = {"MMOE", "PLE"})
    void scoresLikeTheGraphAfterTrainingAndAfterARestore(ModelType type) {
        ModelSettings settings = SyntheticStream.smallSettings(13L).toBuilder().type(type).build();
        MultiTaskModel model = MultiTaskModels.create(settings);
        SyntheticStream stream = new SyntheticStream(13);
        for (int i = 0; i < 5; i++) {
            model.fit(stream.batch(32));
        }
        MultiTaskModel restored = MultiTaskModels.fromBytes(model.toBytes(false));

        assertThat(model.inference().engine()).startsWith("openblas");
        InferenceChecks.assertScoresLikeTheModel(model, model.inference());
        InferenceChecks.assertScoresLikeTheModel(restored, restored.inference());
    }
}
