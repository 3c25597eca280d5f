package dev.flowrec.models.delay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.label.JoinOutput;
import dev.flowrec.core.label.LabelJoin;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.JoinState;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.GoldenFiles;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.training.PredictionListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The trainer on a small joined stream: both views, the delay model, and a restart in the middle.
 */
class DelayedFeedbackTrainerTest {
    private static final FlowRecConfig CONFIG =
            FlowRecConfig.of(
                    Map.of(
                            "model.hash-buckets",
                            "64",
                            "model.hidden-sizes",
                            "8",
                            "model.tower-sizes",
                            "",
                            "labels.scenarios",
                            "feed"));
    private static final ModelSettings SETTINGS = ModelSettings.from(CONFIG);
    private static final LabelWindows WINDOWS = LabelWindows.from(CONFIG);
    private static final LabelPolicies ES_DFM =
            LabelPolicies.uniform(
                    SETTINGS.space().tasks(), EmissionPolicy.ES_DFM, LossCorrection.ES_DFM);

    /**
     * What the join emits for n impressions a second apart, converting after C for one user in
     * three.
     */
    static List<TrainingExample> joinedStream(int n) {
        LabelJoin join = new LabelJoin(SETTINGS.space(), WINDOWS, ES_DFM, Duration.ofSeconds(30));
        Random random = new Random(3);
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JoinState state = LabelJoin.emptyState();
            long c = i * 1_000L;
            join.onImpression(
                    state,
                    Impression.newBuilder()
                            .setImpressionId("i" + i)
                            .setEventTime(c)
                            .setUserId("u" + (i % 3))
                            .setItemId("v" + random.nextInt(4))
                            .setScenario("feed")
                            .build());
            if (i % 3 == 0) {
                join.onFeedback(
                        state,
                        Feedback.newBuilder()
                                .setImpressionId("i" + i)
                                .setTask("click")
                                .setEventTime(c + 20_000)
                                .build());
            }
            JoinOutput all = join.onTimer(state, c + 600_000);
            out.addAll(all.examples());
        }
        out.sort(Comparator.comparingLong(TrainingExample::getEmitTime));
        return out;
    }

    private static DelayedFeedbackTrainer fresh() {
        return DelayedFeedbackTrainer.create(
                MultiTaskModels.create(SETTINGS),
                16,
                new ExampleEncoder(SETTINGS.features(), SETTINGS.space()),
                WINDOWS,
                ES_DFM,
                0.05f,
                PredictionListener.NONE);
    }

    @Test
    void keepsBothViewsAndTrainsOnlyOnTrainingExamples() {
        List<TrainingExample> stream = joinedStream(120);
        DelayedFeedbackTrainer trainer = fresh();
        stream.forEach(trainer::accept);
        trainer.flush();
        long finals = stream.stream().filter(ExampleEncoder::isFinal).count();
        assertThat(trainer.trainer().examplesTrained()).isEqualTo(stream.size() - finals);
        var asTrained = trainer.asTrainedReport().cell("feed/click");
        var finalView = trainer.finalReport().cell("feed/click");
        assertThat(finalView.examples())
                .as("one final-label example per impression")
                .isEqualTo(120);
        assertThat(finalView.positives()).isEqualTo(40);
        assertThat(asTrained.positives())
                .as("as trained: the 40 delayed positives only")
                .isEqualTo(40);
        assertThat(asTrained.examples())
                .as("observed examples plus delayed positives")
                .isEqualTo(160);
        assertThat(trainer.pendingFinalLabels()).isZero();
    }

    @Test
    void aRestoredTrainerContinuesExactlyAsTheOriginal() {
        List<TrainingExample> stream = joinedStream(90);
        int cut = stream.size() / 2 + 3; // mid-batch, with final labels still pending
        DelayedFeedbackTrainer original = fresh();
        stream.subList(0, cut).forEach(original::accept);
        DelayedFeedbackTrainer restored =
                DelayedFeedbackTrainer.restore(
                        original.checkpoint(),
                        16,
                        new ExampleEncoder(SETTINGS.features(), SETTINGS.space()),
                        WINDOWS,
                        ES_DFM,
                        PredictionListener.NONE);
        for (DelayedFeedbackTrainer t : List.of(original, restored)) {
            stream.subList(cut, stream.size()).forEach(t::accept);
            t.flush();
        }
        assertThat(restored.finalReport()).isEqualTo(original.finalReport());
        assertThat(restored.finalWindowReport())
                .isEqualTo(original.finalWindowReport())
                .extracting(EvaluationReport::examples)
                .isNotEqualTo(0L);
        assertThat(restored.asTrainedReport()).isEqualTo(original.asTrainedReport());
        assertThat(restored.trainer().examplesTrained())
                .isEqualTo(original.trainer().examplesTrained());
        Batch probe =
                Batch.of(
                        stream.subList(0, 8).stream()
                                .map(
                                        new ExampleEncoder(SETTINGS.features(), SETTINGS.space())
                                                ::encode)
                                .toList());
        assertThat(restored.trainer().model().predict(probe))
                .isDeepEqualTo(original.trainer().model().predict(probe));
    }

    @Test
    void aCaptureEncodedAfterMoreTrainingRestoresTheTrainerAsItWasWhenCaptured() {
        List<TrainingExample> stream = joinedStream(90);
        int cut = stream.size() / 2 + 3;
        DelayedFeedbackTrainer original = fresh();
        stream.subList(0, cut).forEach(original::accept);
        byte[] atCut = original.checkpoint();
        DelayedFeedbackTrainer.Capture capture = original.capture();
        stream.subList(cut, stream.size()).forEach(original::accept); // trains on after the copy
        original.flush();

        List<DelayedFeedbackTrainer> restored =
                List.of(atCut, capture.encode()).stream().map(b -> restore(b)).toList();
        Batch probe =
                Batch.of(
                        stream.subList(0, 8).stream()
                                .map(
                                        new ExampleEncoder(SETTINGS.features(), SETTINGS.space())
                                                ::encode)
                                .toList());
        DelayedFeedbackTrainer direct = restored.get(0);
        DelayedFeedbackTrainer captured = restored.get(1);
        assertThat(captured.trainer().examplesTrained())
                .isEqualTo(direct.trainer().examplesTrained())
                .isLessThan(original.trainer().examplesTrained());
        assertThat(captured.finalReport()).isEqualTo(direct.finalReport());
        assertThat(captured.trainer().model().predict(probe))
                .as("bit-identical parameters to a checkpoint taken at the capture")
                .isDeepEqualTo(direct.trainer().model().predict(probe))
                .isNotEqualTo(original.trainer().model().predict(probe));
        for (DelayedFeedbackTrainer t : restored) {
            stream.subList(cut, stream.size()).forEach(t::accept);
            t.flush();
        }
        assertThat(captured.trainer().model().predict(probe))
                .as("and the optimiser state too: both continue alike")
                .isDeepEqualTo(direct.trainer().model().predict(probe))
                .isDeepEqualTo(original.trainer().model().predict(probe));
    }

    @Test
    void theExampleChecksumCountsEachTrainingExampleOnceAcrossARestore() {
        List<TrainingExample> stream = joinedStream(60);
        int cut = stream.size() / 2;
        DelayedFeedbackTrainer original = fresh();
        stream.subList(0, cut).forEach(original::accept);

        DelayedFeedbackTrainer restored = restore(original.checkpoint());
        stream.subList(cut, stream.size()).forEach(restored::accept);

        long expected =
                stream.stream()
                        .filter(e -> !ExampleEncoder.isFinal(e))
                        .mapToLong(e -> ExampleChecksum.of(e.getImpression().getImpressionId()))
                        .sum();
        assertThat(restored.exampleChecksum()).isEqualTo(expected).isNotZero();
        restored.accept(
                stream.stream().filter(e -> !ExampleEncoder.isFinal(e)).findFirst().orElseThrow());
        assertThat(restored.exampleChecksum())
                .as("an example accepted twice changes the checksum")
                .isNotEqualTo(expected);
    }

    private static DelayedFeedbackTrainer restore(byte[] checkpoint) {
        return DelayedFeedbackTrainer.restore(
                checkpoint,
                16,
                new ExampleEncoder(SETTINGS.features(), SETTINGS.space()),
                WINDOWS,
                ES_DFM,
                PredictionListener.NONE);
    }

    /**
     * The checkpoint the job's trainer operator writes, as a golden file: a Shared-Bottom trainer
     * (small, unlike the AutoIFS default above) cut mid-batch with final labels pending and the
     * delay model learning. Scores are compared within 1e-5: the file was written on another CPU,
     * whose BLAS kernels give float results a few ulp apart (see GoldenFilesTest); counts exactly.
     */
    @Test
    void goldenCheckpointRestoresAndScoresItsProbe() {
        DelayedFeedbackTrainer restored =
                DelayedFeedbackTrainer.restore(
                        GoldenFiles.read(GOLDEN),
                        16,
                        new ExampleEncoder(SETTINGS.features(), SETTINGS.space()),
                        WINDOWS,
                        ES_DFM,
                        PredictionListener.NONE);
        DelayedFeedbackTrainer expected = goldenTrainer();

        assertThat(restored.trainer().model().settings()).isEqualTo(GOLDEN_SETTINGS);
        assertThat(restored.trainer().examplesTrained())
                .isEqualTo(expected.trainer().examplesTrained());
        assertThat(restored.trainer().buffered()).isEqualTo(expected.trainer().buffered());
        assertThat(restored.pendingFinalLabels()).isEqualTo(expected.pendingFinalLabels());
        assertThat(restored.finalReport().cell("feed/click").examples())
                .isEqualTo(expected.finalReport().cell("feed/click").examples());
        GoldenFiles.assertProbeScores(restored.trainer().model().predict(goldenProbe()), GOLDEN);
    }

    /** Not a test: rewrites the golden checkpoint (see GoldenFiles for when and how). */
    @Test
    @EnabledIfSystemProperty(named = "flowrec.golden.regenerate", matches = "true")
    void regenerate() throws Exception {
        DelayedFeedbackTrainer trainer = goldenTrainer();
        GoldenFiles.write(
                Path.of("src/test/resources/golden"),
                GOLDEN,
                trainer.checkpoint(),
                trainer.trainer().model().predict(goldenProbe()));
    }

    private static final String GOLDEN = "delayed-feedback-es-dfm.frdt";
    private static final ModelSettings GOLDEN_SETTINGS =
            ModelSettings.from(
                    FlowRecConfig.of(
                            Map.of(
                                    "model.type",
                                    "shared-bottom",
                                    "model.hash-buckets",
                                    "64",
                                    "model.hidden-sizes",
                                    "8",
                                    "model.tower-sizes",
                                    "",
                                    "labels.scenarios",
                                    "feed")));

    private static DelayedFeedbackTrainer goldenTrainer() {
        List<TrainingExample> stream = joinedStream(90);
        DelayedFeedbackTrainer trainer =
                DelayedFeedbackTrainer.create(
                        MultiTaskModels.create(GOLDEN_SETTINGS),
                        16,
                        new ExampleEncoder(SETTINGS.features(), SETTINGS.space()),
                        WINDOWS,
                        ES_DFM,
                        0.05f,
                        PredictionListener.NONE);
        stream.subList(0, stream.size() / 2 + 3).forEach(trainer::accept);
        return trainer;
    }

    private static Batch goldenProbe() {
        return Batch.of(
                joinedStream(8).stream()
                        .filter(e -> !ExampleEncoder.isFinal(e))
                        .limit(8)
                        .map(new ExampleEncoder(SETTINGS.features(), SETTINGS.space())::encode)
                        .toList());
    }
}
