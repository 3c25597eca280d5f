package dev.flowrec.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The real path without Kafka: a DL4J model's serving artifact, chunked, signed, reassembled,
 * loaded by {@link ModelLoader#dl4j()} and scored, must answer what the model itself answers.
 */
class Dl4jModelServingTest {

    @Test
    void aPublishedModelScoresLikeTheModelItself() throws Exception {
        MultiTaskModel trained = MultiTaskModels.create(FakeModel.SETTINGS);
        List<SnapshotRecord> records =
                SnapshotWriter.signed(4096, SIGNER)
                        .write(SnapshotRecords.template("ctr", 1), trained.toBytes(false));
        List<Impression> impressions =
                List.of(ScorerTest.impression("a", "feed"), ScorerTest.impression("b", "search"));
        List<Score> scores = publishAndScore(records, trained, impressions);

        assertThat(records.size()).as("the artifact spans several chunks").isGreaterThan(2);
        int fields = FakeModel.SETTINGS.features().fieldCount();
        int[] rows = new int[2 * fields];
        FakeModel.SETTINGS.features().encode(impressions.get(0), rows, 0);
        FakeModel.SETTINGS.features().encode(impressions.get(1), rows, fields);
        Batch batch = new Batch(2, fields, 2, rows, new int[] {0, 1}, new float[4], new float[4]);
        float[][] direct = trained.predict(batch);
        for (int i = 0; i < 2; i++) {
            assertThat(scores.get(i).modelVersion()).isEqualTo(1);
            assertThat(scores.get(i).probability("click")).isCloseTo(direct[i][0], within(1e-6));
            assertThat(scores.get(i).probability("conversion"))
                    .isCloseTo(PredictionTransform.FNC.apply(direct[i][1]), within(1e-6));
        }
    }

    @Test
    void aDtrnModelReadsTheImpressionsBehaviourSequencesWhenServed() throws Exception {
        ModelSettings settings =
                ModelSettings.from(
                        FlowRecConfig.of(
                                Map.of(
                                        "labels.scenarios",
                                        "feed,search",
                                        "labels.tasks",
                                        "click,conversion",
                                        "model.type",
                                        "dtrn",
                                        "model.categorical-features",
                                        "device",
                                        "model.numeric-features",
                                        "price",
                                        "model.hash-buckets",
                                        "64",
                                        "model.hidden-sizes",
                                        "8",
                                        "model.tower-sizes",
                                        "4",
                                        "model.sequence-features",
                                        "clicked",
                                        "model.sequence-length",
                                        "3")));
        MultiTaskModel trained = MultiTaskModels.create(settings);
        List<SnapshotRecord> records =
                SnapshotWriter.signed(4096, SIGNER)
                        .write(
                                SnapshotRecords.template("ctr", 1)
                                        .setModelType("dtrn")
                                        .setFeatureSpecHash(settings.features().hash()),
                                trained.toBytes(false));
        Impression without = ScorerTest.impression("a", "feed");
        Impression with =
                Impression.newBuilder(without)
                        .setSequences(Map.of("clicked", List.of("i-b", "i-c", "i-d", "i-e")))
                        .build();

        List<Score> scores = publishAndScore(records, trained, List.of(with, without));

        float[][] direct =
                trained.predict(
                        new Batch(
                                1,
                                settings.features().fieldCount(),
                                2,
                                settings.features().encode(with),
                                new int[] {0},
                                new float[2],
                                new float[2],
                                0,
                                new float[0],
                                1,
                                3,
                                settings.features().encodeSequences(with)));
        assertThat(scores.get(0).probability("click")).isCloseTo(direct[0][0], within(1e-6));
        assertThat(scores.get(0).probability("click"))
                .as("the sequence changes the score")
                .isNotCloseTo(scores.get(1).probability("click"), within(1e-6));
    }

    @Test
    void swapsUnderConcurrentScoringAnswerEveryRequest() throws Exception {
        ModelSettings settings =
                ModelSettings.from(
                        FlowRecConfig.of(
                                Map.of(
                                        "labels.scenarios", "feed,search",
                                        "labels.tasks", "click,conversion",
                                        "model.type", "autoifs",
                                        "model.categorical-features", "device",
                                        "model.numeric-features", "price",
                                        "model.hash-buckets", "64",
                                        "model.autoifs.bottom-sizes", "64,32",
                                        "model.autoifs.scenario-size", "16")));
        ModelRegistry registry = dl4jRegistry(settings.features().hash(), 2);
        SwapTimes swaps = new SwapTimes();
        Scorer scorer = new Scorer(registry::currentOrNull, () -> "no model", swaps);
        SnapshotWriter writer = SnapshotWriter.signed(4096, SIGNER);
        version(writer, settings, 1).forEach(registry::offer);
        List<Impression> requests =
                List.of(ScorerTest.impression("a", "feed"), ScorerTest.impression("b", "search"));
        AtomicBoolean running = new AtomicBoolean(true);
        Set<Long> answeredBy = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread =
                    new Thread(
                            () -> {
                                long seen = 0;
                                while (running.get()) {
                                    try {
                                        for (Score score : scorer.score(requests)) {
                                            assertThat(score.modelVersion())
                                                    .isGreaterThanOrEqualTo(seen);
                                            seen = score.modelVersion();
                                            answeredBy.add(seen);
                                            assertThat(score.probabilities().values())
                                                    .allSatisfy(
                                                            p -> assertThat(p).isBetween(0.0, 1.0));
                                        }
                                    } catch (Throwable e) {
                                        failures.add(e);
                                        return;
                                    }
                                }
                            });
            thread.start();
            threads.add(thread);
        }
        for (long v = 1; v <= 6; v++) {
            if (v > 1) {
                version(writer, settings, v).forEach(registry::offer);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!answeredBy.contains(v) && failures.isEmpty()) {
                assertThat(System.nanoTime()).as("requests answered in time").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(registry.currentVersion()).isEqualTo(6);
        assertThat(registry.rejectedCounts().values()).containsOnly(0L);
        assertThat(answeredBy).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(swaps.count()).as("each live swap timed once, at its first answer").isEqualTo(6);
    }

    /** A fresh AutoIFS model of these settings as signed records of {@code version}. */
    private static List<SnapshotRecord> version(
            SnapshotWriter writer, ModelSettings settings, long version) {
        return writer.write(
                SnapshotRecords.template("ctr", version)
                        .setModelType("autoifs")
                        .setFeatureSpecHash(settings.features().hash()),
                MultiTaskModels.create(settings).toBytes(false));
    }

    private static final SnapshotSigner SIGNER = SnapshotRecords.SIGNER;

    /** A registry loading real DL4J artifacts signed by {@link #SIGNER}, of these features. */
    private static ModelRegistry dl4jRegistry(String featureSpecHash, int historySize) {
        return new ModelRegistry(
                "flowrec.snapshots",
                () ->
                        SnapshotAssembler.builder()
                                .verifier(SnapshotRecords.VERIFIER)
                                .expectedFeatureSpecHash(featureSpecHash)
                                .build(),
                ModelLoader.dl4j(),
                historySize,
                new SnapshotListener() {},
                Clock.systemUTC());
    }

    /** Offers the records to a registry expecting the model's features and scores through it. */
    private static List<Score> publishAndScore(
            List<SnapshotRecord> records, MultiTaskModel model, List<Impression> impressions) {
        ModelRegistry registry = dl4jRegistry(model.settings().features().hash(), 1);
        records.forEach(registry::offer);
        assertThat(registry.rejectedCounts().values()).containsOnly(0L);
        return new Scorer(registry::currentOrNull, () -> "no model", new SwapTimes())
                .score(impressions);
    }
}
