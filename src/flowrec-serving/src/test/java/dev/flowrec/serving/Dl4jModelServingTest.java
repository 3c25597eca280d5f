package dev.flowrec.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real path without Kafka: a DL4J model's serving artifact, chunked, signed, reassembled,
 * loaded by {@link ModelLoader#dl4j()} and scored, must answer what the model itself answers.
 */
class Dl4jModelServingTest {

    @Test
    void aPublishedModelScoresLikeTheModelItself() throws Exception {
        MultiTaskModel trained = MultiTaskModels.create(FakeModel.SETTINGS);
        SnapshotSigner signer = SnapshotSigner.ofSecret("k");
        List<SnapshotRecord> records =
                SnapshotWriter.signed(4096, signer)
                        .write(SnapshotRecords.template("ctr", 1), trained.toBytes(false));
        ModelRegistry registry =
                new ModelRegistry(
                        "flowrec.snapshots",
                        () ->
                                SnapshotAssembler.builder()
                                        .signer(signer)
                                        .expectedFeatureSpecHash(
                                                FakeModel.SETTINGS.features().hash())
                                        .build(),
                        ModelLoader.dl4j(),
                        1,
                        new SnapshotListener() {},
                        Clock.systemUTC());
        Scorer scorer = new Scorer(registry::currentOrNull, () -> "no model");

        records.forEach(registry::offer);
        List<Impression> impressions =
                List.of(ScorerTest.impression("a", "feed"), ScorerTest.impression("b", "search"));
        List<Score> scores = scorer.score(impressions);

        assertThat(registry.rejectedCounts().values()).containsOnly(0L);
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
}
