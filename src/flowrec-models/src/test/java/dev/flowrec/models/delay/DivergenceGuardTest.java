package dev.flowrec.models.delay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.ParameterPoison;
import dev.flowrec.models.training.PredictionListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
    private static final FlowRecConfig CONFIG =
            FlowRecConfig.of(
                    Map.of(
                            "model.type", "shared-bottom",
                            "model.hash-buckets", "64",
                            "model.hidden-sizes", "8",
                            "model.tower-sizes", "",
                            "labels.scenarios", "feed"));
    private static final ModelSettings SETTINGS = ModelSettings.from(CONFIG);
    private static final LabelWindows WINDOWS = LabelWindows.from(CONFIG);
    private static final LabelPolicies POLICIES =
            LabelPolicies.uniform(
                    SETTINGS.space().tasks(), EmissionPolicy.ES_DFM, LossCorrection.ES_DFM);
    private static final ExampleEncoder ENCODER =
            new ExampleEncoder(SETTINGS.features(), SETTINGS.space());

    private static DelayedFeedbackTrainer restore(byte[] state) {
        return DelayedFeedbackTrainer.restore(
                state, 16, ENCODER, WINDOWS, POLICIES, PredictionListener.NONE);
    }

    private static DelayedFeedbackTrainer fresh() {
        return DelayedFeedbackTrainer.create(
                MultiTaskModels.create(SETTINGS),
                16,
                ENCODER,
                WINDOWS,
                POLICIES,
                PredictionListener.NONE);
    }

    /** Feeds examples, checking after each as the trainer operator does; returns the rollbacks. */
    private static List<DivergenceGuard.Rollback> feed(
            DelayedFeedbackTrainer learner, DivergenceGuard guard, List<TrainingExample> examples) {
        List<DivergenceGuard.Rollback> out = new ArrayList<>();
        for (TrainingExample e : examples) {
            learner.accept(e);
            guard.check(learner).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void aFiniteModelIsNeverRolledBack() {
        DelayedFeedbackTrainer learner = fresh();
        DivergenceGuard guard = new DivergenceGuard(learner, DivergenceGuardTest::restore);

        assertThat(feed(learner, guard, DelayedFeedbackTrainerTest.joinedStream(90))).isEmpty();
        assertThat(learner.trainer().steps()).isPositive();
    }

    @Test
    void aDivergedModelGoesBackToItsLastGoodStateOnce() {
        List<TrainingExample> stream = DelayedFeedbackTrainerTest.joinedStream(120);
        DelayedFeedbackTrainer learner = fresh();
        DivergenceGuard guard = new DivergenceGuard(learner, DivergenceGuardTest::restore);
        feed(learner, guard, stream.subList(0, 60));
        guard.markGood(learner);
        long goodExamples = learner.trainer().examplesTrained();
        byte[] goodModel = learner.trainer().model().toBytes(true);

        ParameterPoison.poison(learner.trainer().model());
        List<DivergenceGuard.Rollback> rollbacks = new ArrayList<>();
        int next = 60;
        while (rollbacks.isEmpty() && next < stream.size()) {
            learner.accept(stream.get(next++));
            guard.check(learner).ifPresent(rollbacks::add);
        }

        assertThat(rollbacks).hasSize(1);
        DivergenceGuard.Rollback rollback = rollbacks.get(0);
        assertThat(rollback.reason()).isIn("the training loss is NaN", "a parameter is not finite");
        assertThat(rollback.step()).isEqualTo(learner.trainer().steps());
        assertThat(rollback.examplesDiscarded())
                .isEqualTo(learner.trainer().examplesTrained() - goodExamples)
                .isPositive();
        DelayedFeedbackTrainer restored = rollback.restored();
        assertThat(restored.trainer().examplesTrained()).isEqualTo(goodExamples);
        assertThat(restored.trainer().model().hasFiniteParameters()).isTrue();
        assertThat(restored.trainer().model().toBytes(true))
                .as("the model as it was when marked good, optimiser state included")
                .isEqualTo(goodModel);
        assertThat(feed(restored, guard, stream.subList(next, stream.size())))
                .as("training goes on from the restored state without another rollback")
                .isEmpty();
    }

    @Test
    void oneNanAmongTheParametersIsSeen() {
        DelayedFeedbackTrainer learner = fresh();
        assertThat(learner.trainer().model().hasFiniteParameters()).isTrue();

        ParameterPoison.poison(learner.trainer().model());

        assertThat(learner.trainer().model().hasFiniteParameters()).isFalse();
    }
}
