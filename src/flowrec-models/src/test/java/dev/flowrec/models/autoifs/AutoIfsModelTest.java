package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.FlowSelectionReport.FlowKeepShares;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

class AutoIfsModelTest {

    @Test
    void parameterCountsMatchTheReferenceForMovieLensSizes() {
        ModelSettings settings = AutoIfsTestSettings.movieLens(1_000_000);
        AutoIfsModel model = AutoIfsModel.create(settings);

        ParameterCounts counts = model.parameterCounts();

        // As counted in a run of the authors' code with its defaults on MovieLens-1M.
        assertThat(counts.embedding()).isEqualTo(211_904);
        assertThat(counts.mainDense()).isEqualTo(794_887);
        assertThat(counts.main()).isEqualTo(1_006_791);
        assertThat(counts.gateNetwork()).isEqualTo(661_000);
        assertThat(counts.gateEmbedding()).isEqualTo(211_904);
        assertThat(counts.all()).isEqualTo(1_879_695);
        assertThat(model.graph().params().length()).isEqualTo(1_879_695);
        assertThat(AutoIfsModel.expectedParameterCounts(settings)).isEqualTo(counts);
        assertThat(model.parameterCount()).isEqualTo(1_006_791 + 661_000);
        // The flows are a layer, so DL4J's own count includes them.
        assertThat(model.graph().numParams()).isEqualTo(1_879_695);
    }

    @Test
    void gateLayersHaveTheirOwnAdamWithoutWeightDecay() {
        ModelSettings settings = AutoIfsTestSettings.small(2L, 100); // lr 0.01, l2 1e-4
        AutoIfsModel model = AutoIfsModel.create(settings);

        for (String gate : List.of("gate_bottom_0", "gate_bottom_1", "gate_head")) {
            BaseLayer layer = (BaseLayer) model.graph().getLayer(gate).conf().getLayer();
            assertThat(layer.getIUpdater()).as(gate).isEqualTo(new Adam(0.01 * 0.01));
            assertThat(layer.getRegularization()).as(gate).isEmpty();
        }
        for (String main : List.of("embedding", "bottom_0", "bottom_1")) {
            BaseLayer layer = (BaseLayer) model.graph().getLayer(main).conf().getLayer();
            assertThat(layer.getIUpdater()).as(main).isEqualTo(new Adam(0.01));
            assertThat(layer.getRegularization())
                    .as(main)
                    .containsExactly(new L2Regularization(1e-4));
        }
        BaseLayer gateEmbedding =
                (BaseLayer) model.graph().getLayer("gate_embedding").conf().getLayer();
        assertThat(gateEmbedding.getIUpdater()).isEqualTo(new Sgd(0.0));
        FlowSelection flows = (FlowSelection) model.graph().getLayer("flows").conf().getLayer();
        assertThat(flows.getUpdaterByParam("Ws")).isEqualTo(new Adam(0.01));
        assertThat(flows.getRegularizationByParam("Ws"))
                .containsExactly(new L2Regularization(1e-4));
        assertThat(flows.getRegularizationByParam("bs")).isEmpty();
    }

    @Test
    void sameSeedGivesSameModelAndProbabilities() {
        Batch batch = new SyntheticStream(1).batch(32);

        float[][] a = AutoIfsModel.create(AutoIfsTestSettings.small(7L, 100)).predict(batch);
        float[][] b = AutoIfsModel.create(AutoIfsTestSettings.small(7L, 100)).predict(batch);

        assertThat(a).isDeepEqualTo(b);
        for (float[] row : a) {
            assertThat(row).hasSize(2);
            assertThat(row[0]).isBetween(0f, 1f);
            assertThat(row[1]).isBetween(0f, 1f);
        }
    }

    @Test
    void searchEndsAtTheConfiguredCountRewindsAndFreezesTheGates() {
        // W = 200, batches of 20: the snapshot is taken before batch 10 (examples 180..199), the
        // search ends after it.
        ModelSettings settings = AutoIfsTestSettings.small(5L, 200);
        AutoIfsModel model =
                AutoIfsModel.create(
                        settings.toBuilder()
                                .architecture(AutoIfsSettings.of(settings).withRetrain(0.002, 5e-4))
                                .build());
        SyntheticStream stream = new SyntheticStream(5);
        List<Double> temperatures = new ArrayList<>();
        INDArray beforeRewindPoint = null;
        for (int step = 0; step < 10; step++) {
            assertThat(model.phase())
                    .as("phase before batch %d", step)
                    .isEqualTo(AutoIfsPhase.SEARCH);
            temperatures.add(model.temperature());
            if (step == 9) {
                beforeRewindPoint = model.mainParameters();
                assertThat(model.holdsSnapshot()).isFalse();
            }
            model.fit(stream.batch(20));
            // While searching, the gate network reads the current main embedding.
            if (step < 9) {
                assertThat(model.embedding(AutoIfsGraph.GATE_EMBEDDING))
                        .isEqualTo(model.embedding(AutoIfsGraph.EMBEDDING));
            }
        }

        assertThat(model.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
        assertThat(model.examplesSeen()).isEqualTo(200);
        assertThat(model.searchesCompleted()).isEqualTo(1);
        assertThat(model.holdsSnapshot()).isFalse();
        // τ = 100^(p/9) for part p = floor(seen·10/200): 1 at 0, 100 from example 180 on.
        for (int step = 0; step < 10; step++) {
            assertThat(temperatures.get(step)).isCloseTo(Math.pow(100, step / 9.0), within(1e-9));
        }
        // Rewound: the main model is exactly what it was at the rewind point ...
        assertThat(model.mainParameters()).isEqualTo(beforeRewindPoint);
        // ... while the frozen gate table kept the embedding as trained through the last batch.
        assertThat(model.embedding(AutoIfsGraph.GATE_EMBEDDING))
                .isNotEqualTo(model.embedding(AutoIfsGraph.EMBEDDING));

        // Retrain optimiser as the reference builds it: a fresh Adam at the retrain rate and L2.
        assertThat(model.graph().getUpdater().getStateViewArray().sumNumber().doubleValue())
                .isZero();
        BaseLayer bottom = (BaseLayer) model.graph().getLayer("bottom_0").conf().getLayer();
        assertThat(((Adam) bottom.getIUpdater()).getLearningRate()).isEqualTo(0.002);
        assertThat(bottom.getRegularization()).containsExactly(new L2Regularization(5e-4));
        // The whole gate branch is frozen, so the graph runs no backward pass through it.
        for (String gateLayer :
                new String[] {
                    AutoIfsGraph.GATE_EMBEDDING, "gate_bottom_0", AutoIfsGraph.GATE_HEAD
                }) {
            assertThat(model.graph().getLayer(gateLayer))
                    .as(gateLayer)
                    .isInstanceOf(FrozenLayer.class);
        }
        assertThat(model.graph().getVertex("gate_flatten")).isInstanceOf(FrozenVertex.class);

        INDArray gate = model.gateParameters();
        INDArray mainAfterSearch = model.mainParameters();
        for (int step = 0; step < 5; step++) {
            model.fit(stream.batch(20));
        }

        assertThat(model.gateParameters())
                .as("gate network and its table after the search")
                .isEqualTo(gate);
        assertThat(model.mainParameters()).isNotEqualTo(mainAfterSearch);
        assertThat(model.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
    }

    @Test
    void bothEmbeddingTablesStartXavierUniformOverTheWholeTable() {
        ModelSettings settings = AutoIfsTestSettings.small(8L, 1000);
        AutoIfsModel model = AutoIfsModel.create(settings);
        double bound = Math.sqrt(6.0 / (settings.vocabularySize() + settings.embeddingDim()));

        for (String table : new String[] {AutoIfsGraph.EMBEDDING, AutoIfsGraph.GATE_EMBEDDING}) {
            INDArray w = model.embedding(table);
            assertThat(w.amaxNumber().doubleValue()).as(table).isLessThanOrEqualTo(bound);
            assertThat(w.stdNumber().doubleValue())
                    .as(table)
                    .isCloseTo(bound / Math.sqrt(3), withinPercentage(5));
        }
    }

    @Test
    void forwardFlopsOfTheReferenceShapeMatchAHandCount() {
        ModelSettings settings = AutoIfsTestSettings.movieLens(1000);
        // Bottom and gate body each 128 -> 1024 -> 512; gate heads 512 -> 8 (4 flows x 2 tasks).
        long bottom = (2L * 128 * 1024 + 1024) + (2L * 1024 * 512 + 512);
        long gateHeads = 2L * 512 * 8 + 8;
        // Scenario layer 512 -> 256 full rank, plus all 3 LoRA units of rank 2 (512 -> 6 -> 256).
        long scenarioLayer = 2L * 512 * 256 + 2L * 512 * 6 + 2L * 6 * 256;
        // Task layer on the output and on the two flow parts: shared 256 -> 1, LoRA 256 -> 4 -> 1.
        long taskLayer = 3 * (2L * 256 + 2L * 256 * 4 + 2L * 4);

        assertThat(AutoIfsModel.create(settings).forwardFlopsPerExample())
                .isEqualTo(2 * bottom + gateHeads + scenarioLayer + taskLayer);
    }

    @Test
    void denseProductsOfTheReferenceShapeAreItsLayersAndFlows() {
        AutoIfsModel model = AutoIfsModel.create(AutoIfsTestSettings.movieLens(1000));

        int[][] products = model.denseProducts();

        assertThat(Arrays.stream(products).map(Arrays::toString))
                .contains(
                        "[128, 1024]",
                        "[1024, 512]",
                        "[512, 8]",
                        "[512, 256]",
                        "[512, 6]",
                        "[6, 256]");
        // Every product counted once, as forwardFlopsPerExample counts it (biases aside).
        long flops = 0;
        for (int[] p : products) {
            flops += 2L * p[0] * p[1];
        }
        long biases = 1024 + 512 + 1024 + 512 + 8;
        assertThat(flops + biases).isEqualTo(model.forwardFlopsPerExample());
    }

    @Test
    void gateNetworkTrainsWhileSearching() {
        AutoIfsModel model = AutoIfsModel.create(AutoIfsTestSettings.small(6L, 1000));
        SyntheticStream stream = new SyntheticStream(6);
        INDArray gate = model.gateParameters();

        model.fit(stream.batch(32));

        assertThat(model.gateParameters()).isNotEqualTo(gate);
    }

    @Test
    void bytesRoundTripWithAndWithoutOptimizerStateGivesIdenticalScores() {
        SyntheticStream stream = new SyntheticStream(3);
        for (long window : new long[] {10_000, 60}) { // once in search, once in retrain
            AutoIfsModel model = AutoIfsModel.create(AutoIfsTestSettings.small(3L, window));
            for (int i = 0; i < 5; i++) {
                model.fit(stream.batch(16));
            }
            Batch probe = stream.batch(100);

            byte[] serving = model.toBytes(false);
            byte[] checkpoint = model.toBytes(true);
            MultiTaskModel fromServing = MultiTaskModels.fromBytes(serving);
            MultiTaskModel fromCheckpoint = MultiTaskModels.fromBytes(checkpoint);

            assertThat(fromServing).isInstanceOf(AutoIfsModel.class);
            assertThat(fromServing.predict(probe)).isDeepEqualTo(model.predict(probe));
            assertThat(fromCheckpoint.predict(probe)).isDeepEqualTo(model.predict(probe));
            assertThat(fromServing.settings()).isEqualTo(model.settings());
            assertThat(((AutoIfsModel) fromServing).phase()).isEqualTo(model.phase());
            assertThat(((AutoIfsModel) fromServing).examplesSeen()).isEqualTo(80);
            assertThat(fromServing.parameterCount()).isEqualTo(model.parameterCount());
            assertThat(checkpoint.length).isGreaterThan(serving.length);
        }
    }

    @Test
    void restoredModelContinuesExactlyAcrossRewindPointAndSearchEnd() {
        // W = 200 in batches of 20: checkpoints before the rewind point, between it and the end of
        // the search (the snapshot travels in the checkpoint), and after it.
        for (int checkpointAfter : new int[] {4, 9, 11}) {
            SyntheticStream stream = new SyntheticStream(4);
            AutoIfsModel original = AutoIfsModel.create(AutoIfsTestSettings.small(4L, 200));
            for (int i = 0; i < checkpointAfter; i++) {
                original.fit(stream.batch(20));
            }
            AutoIfsModel restored =
                    (AutoIfsModel) MultiTaskModels.fromBytes(original.toBytes(true));
            assertThat(restored.holdsSnapshot()).isEqualTo(original.holdsSnapshot());

            for (int i = checkpointAfter; i < 14; i++) {
                Batch batch = stream.batch(20);
                assertThat(restored.predict(batch))
                        .as("scores before step %d", i)
                        .isDeepEqualTo(original.predict(batch));
                assertThat(restored.fit(batch))
                        .as("loss of step %d", i)
                        .isEqualTo(original.fit(batch));
                assertThat(restored.phase()).isEqualTo(original.phase());
                assertThat(restored.temperature()).isEqualTo(original.temperature());
            }

            assertThat(restored.graph().params())
                    .as("after checkpoint at step %d", checkpointAfter)
                    .isEqualTo(original.graph().params());
            assertThat(restored.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
        }
    }

    @Test
    void researchStartsANewWindowAfterTheInterval() {
        AutoIfsModel model = AutoIfsModel.create(AutoIfsTestSettings.small(8L, 40, 0.5, 60));
        SyntheticStream stream = new SyntheticStream(8);
        List<AutoIfsPhase> phases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            model.fit(stream.batch(20));
            phases.add(model.phase());
        }

        // 2 batches of search, 3 of retrain, 2 of search, 3 of retrain.
        assertThat(phases)
                .containsExactly(
                        AutoIfsPhase.SEARCH,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.SEARCH,
                        AutoIfsPhase.SEARCH,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.RETRAIN,
                        AutoIfsPhase.SEARCH);
        assertThat(model.searchesCompleted()).isEqualTo(2);
        assertThat(model.temperature()).isEqualTo(1.0);
    }

    @Test
    void flowKeepSharesCoverRecentPredictionsPerCell() {
        ModelSettings settings = AutoIfsTestSettings.small(9L, 40);
        settings =
                settings.toBuilder()
                        .architecture(
                                new AutoIfsSettings(
                                        2,
                                        List.of(32, 16),
                                        16,
                                        40,
                                        10,
                                        100,
                                        0.9,
                                        0.01,
                                        1e-4,
                                        3e-4,
                                        0,
                                        50))
                        .build();
        MultiTaskModel model = MultiTaskModels.create(settings);
        SyntheticStream stream = new SyntheticStream(9);
        for (int i = 0; i < 6; i++) {
            Batch batch = stream.batch(40);
            model.predict(batch);
            model.fit(batch);
        }

        assertThat(model).isInstanceOf(FlowSelectionReport.class);
        Map<String, FlowKeepShares> shares = ((FlowSelectionReport) model).flowKeepShares();

        assertThat(shares.keySet())
                .containsExactly(
                        "feed/click", "feed/conversion", "search/click", "search/conversion");
        for (FlowKeepShares cell : shares.values()) {
            assertThat(cell.instances())
                    .isEqualTo(50); // bounded by the window, 240 predictions seen
            assertThat(cell.asMap().keySet()).containsExactlyElementsOf(FlowSelectionReport.FLOWS);
            assertThat(cell.asMap().values())
                    .allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
        }
    }

    @Test
    void flowKeepSharesCountFlowsWhoseGateScoreIsNotPositive() {
        FlowKeepTracker tracker = new FlowKeepTracker(List.of("a", "b"), List.of("x"), 3);
        // Examples: scenario a, b, a, a, a (the window of 3 drops the first a).
        tracker.record(
                new int[] {0, 1, 0, 0, 0},
                new float[] {
                    1, 1, 1, 1,
                    -1, 0, 2, -3,
                    -1, -1, 1, 1,
                    -2, 3, 0, 1,
                    -1, 5, 5, -1
                });

        Map<String, FlowKeepShares> shares = tracker.shares();

        // Cell a keeps its last three: (-1,-1,1,1), (-2,3,0,1), (-1,5,5,-1); 0 counts as kept.
        assertThat(shares.get("a/x"))
                .isEqualTo(new FlowKeepShares(3, 1.0, 1.0 / 3, 1.0 / 3, 1.0 / 3));
        assertThat(shares.get("b/x")).isEqualTo(new FlowKeepShares(1, 1.0, 1.0, 0.0, 1.0));
    }

    @Test
    void trainsWithWorkspacesExactlyAsWithout() {
        ModelSettings settings = AutoIfsTestSettings.small(10L, 60);
        AutoIfsModel enabled = AutoIfsModel.create(settings);
        AutoIfsModel none = AutoIfsModel.create(settings, WorkspaceMode.NONE);
        SyntheticStream stream = new SyntheticStream(10);

        assertThat(enabled.graph().getConfiguration().getTrainingWorkspaceMode())
                .isEqualTo(WorkspaceMode.ENABLED);
        assertThat(none.graph().params()).isEqualTo(enabled.graph().params());
        // 60 examples: the search ends and the retrain (rebuilt network, frozen gates) runs too.
        for (int i = 0; i < 6; i++) {
            Batch batch = stream.batch(20);
            assertThat(enabled.predict(batch)).isDeepEqualTo(none.predict(batch));
            assertThat(enabled.fit(batch)).isEqualTo(none.fit(batch));
        }
        assertThat(enabled.phase()).isEqualTo(AutoIfsPhase.RETRAIN);
        assertThat(enabled.graph().params()).isEqualTo(none.graph().params());
    }

    @Test
    void rejectsBatchesThatDoNotFitTheModel() {
        AutoIfsModel model = AutoIfsModel.create(AutoIfsTestSettings.small(11L, 100));
        Batch batch = new SyntheticStream(11).batch(4);
        int[] scenarios = batch.scenarios().clone();
        scenarios[2] = 2;
        Batch badScenario =
                new Batch(4, 4, 2, batch.featureRows(), scenarios, batch.labels(), batch.weights());
        Batch oneTask =
                new Batch(
                        4,
                        4,
                        1,
                        batch.featureRows(),
                        batch.scenarios(),
                        new float[4],
                        new float[4]);

        assertThatThrownBy(() -> model.predict(badScenario))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example 2 has scenario index 2, outside [0, 2)");
        assertThatThrownBy(() -> model.fit(oneTask))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch has 4 fields and 1 tasks but the model expects 4 and 2");
        assertThatThrownBy(
                        () ->
                                AutoIfsModel.restore(
                                        ModelArtifact.fromBytes(
                                                MultiTaskModels.create(
                                                                SyntheticStream.smallSettings(1L))
                                                        .toBytes(false))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artifact holds a shared-bottom model, not autoifs");
    }
}
