package dev.flowrec.models.m3oe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.GaussianArrays;
import dev.flowrec.models.LayerChecks;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * M3oE's hand-written layers and vertex against hand computations and DL4J's gradient checker, in
 * double precision at small sizes, each with the ENABLED-vs-NONE workspace test (DL4J 1.0.0-M2.1
 * has crashed a custom vertex under workspaces).
 */
@ExtendWith(DoublePrecision.class)
class M3oeLayersTest {
    private static final int B = 9;
    private static final int X = 5;
    private static final int K = 3;
    private static final int M = 2;
    private static final int E = 4;
    private static final int W = 3;
    private static final WorkspaceMode[] MODES = {WorkspaceMode.NONE, WorkspaceMode.ENABLED};

    @Test
    void domainAwareLinearGradientsMatchFiniteDifferences() {
        for (WorkspaceMode mode : MODES) {
            ComputationGraph graph = starGraph(mode, new NoOp());
            perturb(graph, 11);

            assertThat(
                            LayerChecks.gradientsMatch(
                                    graph,
                                    new INDArray[] {random(B, X, 1), oneHot(2)},
                                    random(B, 2, 3),
                                    Set.of()))
                    .as("gradient check through the domain-aware layer, workspaces %s", mode)
                    .isTrue();
        }
    }

    @Test
    void domainAwareLinearUsesOnlyTheExamplesOwnDomainWeights() {
        ComputationGraph graph = starGraph(WorkspaceMode.ENABLED, new NoOp());
        perturb(graph, 12);
        INDArray x = random(B, X, 4);
        INDArray h = oneHot(5);

        INDArray u = graph.feedForward(new INDArray[] {x, h}, false).get("star");

        INDArray w = graph.getLayer("star").getParam(DomainAwareLinearParams.WEIGHT);
        INDArray b = graph.getLayer("star").getParam(DomainAwareLinearParams.BIAS);
        INDArray wd = graph.getLayer("star").getParam(DomainAwareLinearParams.DOMAIN_WEIGHT);
        INDArray bd = graph.getLayer("star").getParam(DomainAwareLinearParams.DOMAIN_BIAS);
        for (int i = 0; i < B; i++) {
            int k = h.getRow(i).argMax().getInt(0);
            for (int j = 0; j < W; j++) {
                double expected = b.getDouble(0, j) + bd.getDouble(0, k * W + j);
                for (int f = 0; f < X; f++) {
                    expected += x.getDouble(i, f) * w.getDouble(f, j) * wd.getDouble(f, k * W + j);
                }
                assertThat(u.getDouble(i, j))
                        .as("example %d unit %d", i, j)
                        .isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void twoLevelFusionGradientsMatchFiniteDifferences() {
        for (WorkspaceMode mode : MODES) {
            ComputationGraph graph = fusionGraph(mode, new NoOp(), 0.3);
            graph.getLayer("fusion")
                    .getParam(TwoLevelFusionParams.STRUCTURE)
                    .assign(Nd4j.create(new double[][] {{0.4, -0.7, 1.3, 0.2}}));

            assertThat(
                            LayerChecks.gradientsMatch(
                                    graph,
                                    new INDArray[] {random(B, X, 6)},
                                    random(B, K * M * W, 7),
                                    Set.of()))
                    .as("gradient check through the fusion, workspaces %s", mode)
                    .isTrue();
        }
    }

    @Test
    void twoLevelFusionComputesTheReferenceFormula() {
        ComputationGraph graph = fusionGraph(WorkspaceMode.ENABLED, new NoOp(), 0.0);
        double[] raw = {0.4, -0.7, 1.3, 0.2};
        graph.getLayer("fusion")
                .getParam(TwoLevelFusionParams.STRUCTURE)
                .assign(Nd4j.create(new double[][] {raw}));
        INDArray in =
                graph.feedForward(new INDArray[] {random(B, X, 8)}, false).get("fusion_input");

        INDArray out = graph.feedForward(new INDArray[] {random(B, X, 8)}, false).get("fusion");

        double alphaD = sigmoid(raw[0]);
        double alphaT = sigmoid(raw[1]);
        double betaD = sigmoid(raw[2]);
        double betaT = sigmoid(raw[3]);
        int shared = K * M * E;
        int domainAt = shared + E * W;
        int taskAt = domainAt + K * W;
        for (int i = 0; i < B; i++) {
            for (int p = 0; p < K * M; p++) {
                int k = p % K;
                int m = p / K;
                for (int j = 0; j < W; j++) {
                    double f = 0;
                    for (int s = 0; s < E; s++) {
                        f += in.getDouble(i, p * E + s) * in.getDouble(i, shared + s * W + j);
                    }
                    double others = 0;
                    for (int d = 0; d < K; d++) {
                        others += d == k ? 0 : in.getDouble(i, domainAt + d * W + j);
                    }
                    f +=
                            alphaD
                                    * (betaD * in.getDouble(i, domainAt + k * W + j)
                                            + (1 - betaD) / (K - 1) * others);
                    double otherTask = in.getDouble(i, taskAt + (1 - m) * W + j);
                    f +=
                            alphaT
                                    * (betaT * in.getDouble(i, taskAt + m * W + j)
                                            + (1 - betaT) * otherTask);
                    assertThat(out.getDouble(i, p * W + j))
                            .as("example %d pair %d unit %d", i, p, j)
                            .isCloseTo(f, within(1e-12));
                }
            }
        }
    }

    @Test
    void detachPassesValuesAndBlocksTheirGradient() {
        for (WorkspaceMode mode : MODES) {
            ComputationGraph graph = detachGraph(mode, new NoOp());
            INDArray x = random(B, X, 9);
            INDArray labels = random(B, 2, 10);

            // Parameters behind the detach get no gradient; everything else is checked as usual.
            assertThat(
                            LayerChecks.gradientsMatch(
                                    graph,
                                    new INDArray[] {x},
                                    labels,
                                    Set.of("hidden_W", "hidden_b")))
                    .as("gradient check around the detach, workspaces %s", mode)
                    .isTrue();
            graph.setInputs(x);
            graph.setLabels(labels);
            graph.computeGradientAndScore();
            assertThat(graph.gradient().getGradientFor("hidden_W").norm2Number().doubleValue())
                    .isZero();
            assertThat(graph.gradient().getGradientFor("direct_W").norm2Number().doubleValue())
                    .isPositive();
            var activations = graph.feedForward(new INDArray[] {x}, false);
            assertThat(activations.get("detached")).isEqualTo(activations.get("hidden"));
        }
    }

    @Test
    void workspacesEnabledAndNoneTrainIdentically() {
        INDArray[] starIn = {random(B, X, 20), oneHot(21)};
        INDArray[] fusionIn = {random(B, X, 22)};
        INDArray[] detachIn = {random(B, X, 23)};
        LayerChecks.trainsIdentically(
                starGraph(WorkspaceMode.ENABLED, new Adam(0.05)),
                starGraph(WorkspaceMode.NONE, new Adam(0.05)),
                starIn,
                random(B, 2, 24));
        LayerChecks.trainsIdentically(
                fusionGraph(WorkspaceMode.ENABLED, new Adam(0.05), 0.0),
                fusionGraph(WorkspaceMode.NONE, new Adam(0.05), 0.0),
                fusionIn,
                random(B, K * M * W, 25));
        LayerChecks.trainsIdentically(
                detachGraph(WorkspaceMode.ENABLED, new Adam(0.05)),
                detachGraph(WorkspaceMode.NONE, new Adam(0.05)),
                detachIn,
                random(B, 2, 26));
    }

    /** x [B, X] and one-hot [B, K] → merge → domain-aware linear [W] → tanh dense → MSE. */
    private static ComputationGraph starGraph(WorkspaceMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder builder =
                LayerChecks.graph(mode, updater).addInputs("x", "domain");
        builder.addVertex("star_input", new MergeVertex(), "x", "domain");
        builder.addLayer(
                "star",
                new DomainAwareLinear.Builder()
                        .domains(K)
                        .nIn(X + K)
                        .nOut(W)
                        .activation(Activation.IDENTITY)
                        .build(),
                "star_input");
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(W)
                        .nOut(2)
                        .activation(Activation.TANH)
                        .build(),
                "star");
        return LayerChecks.build(builder);
    }

    /** x → gates (softmax) and tanh experts → merge → fusion → MSE on every pair. */
    private static ComputationGraph fusionGraph(
            WorkspaceMode mode, IUpdater updater, double structureInit) {
        ComputationGraphConfiguration.GraphBuilder builder =
                LayerChecks.graph(mode, updater).addInputs("x");
        int pairs = K * M;
        String[] merged = new String[pairs + E + K + M];
        int n = 0;
        for (int p = 0; p < pairs; p++) {
            merged[n] = "gate_" + p;
            builder.addLayer(
                    merged[n++],
                    new DenseLayer.Builder().nIn(X).nOut(E).activation(Activation.SOFTMAX).build(),
                    "x");
        }
        for (int e = 0; e < E + K + M; e++) {
            merged[n] = "expert_" + e;
            builder.addLayer(
                    merged[n++],
                    new DenseLayer.Builder().nIn(X).nOut(W).activation(Activation.TANH).build(),
                    "x");
        }
        builder.addVertex("fusion_input", new MergeVertex(), merged);
        builder.addLayer(
                "fusion",
                new TwoLevelFusion.Builder().sizes(E, K, M, W).structureInit(structureInit).build(),
                "fusion_input");
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(pairs * W)
                        .nOut(pairs * W)
                        .activation(Activation.IDENTITY)
                        .build(),
                "fusion");
        return LayerChecks.build(builder);
    }

    /** x → hidden → detach ─┐ and x → direct ─┴ merge → MSE. */
    private static ComputationGraph detachGraph(WorkspaceMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder builder =
                LayerChecks.graph(mode, updater).addInputs("x");
        builder.addLayer(
                "hidden",
                new DenseLayer.Builder().nIn(X).nOut(W).activation(Activation.TANH).build(),
                "x");
        builder.addVertex("detached", new DetachVertex(), "hidden");
        builder.addLayer(
                "direct",
                new DenseLayer.Builder().nIn(X).nOut(W).activation(Activation.TANH).build(),
                "x");
        builder.addVertex("both", new MergeVertex(), "detached", "direct");
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(2 * W)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build(),
                "both");
        return LayerChecks.build(builder);
    }

    /** Non-zero biases, so the check also covers them (they start at 0). */
    private static void perturb(ComputationGraph graph, long seed) {
        graph.getLayer("star").getParam(DomainAwareLinearParams.BIAS).assign(random(1, W, seed));
        graph.getLayer("star")
                .getParam(DomainAwareLinearParams.DOMAIN_BIAS)
                .assign(random(1, K * W, seed + 1));
    }

    private static INDArray oneHot(long seed) {
        Random random = new Random(seed);
        INDArray h = Nd4j.zeros(DataType.DOUBLE, B, K);
        for (int i = 0; i < B; i++) {
            // every domain appears: the first K rows take them in turn
            h.putScalar(i, i < K ? i : random.nextInt(K), 1.0);
        }
        return h;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static INDArray random(int rows, int columns, long seed) {
        return GaussianArrays.of(rows, columns, seed);
    }
}
