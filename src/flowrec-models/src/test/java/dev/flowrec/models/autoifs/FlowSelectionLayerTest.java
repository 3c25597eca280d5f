package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.GaussianArrays;
import dev.flowrec.models.LayerChecks;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link FlowSelection} against the authors' forward pass (written out as loops in {@link
 * ReferenceFlows}) and its hand-written backward pass against DL4J's gradient checker, in double
 * precision and at small sizes.
 */
@ExtendWith(DoublePrecision.class)
class FlowSelectionLayerTest {
    private static final int D = 5;
    private static final int H = 4;
    private static final int K = 3;
    private static final int M = 2;
    private static final int R = 2;
    private static final int B = 6;
    private static final int[] SCENARIO = {0, 1, 2, 1, 0, 2};

    @Test
    void gradientsMatchFiniteDifferencesWithSoftGatesThroughTheLayersBelow() {
        ComputationGraph graph = withLayersBelow(WorkspaceMode.NONE, new NoOp());
        randomParameters(graph, 31);

        boolean ok = LayerChecks.gradientsMatch(graph, belowInputs(1.7), labels(), Set.of());

        assertThat(ok)
                .as("every parameter, the z and gate-score inputs through the dense layers below")
                .isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesWithHardGates() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());
        randomParameters(graph, 32);

        // Scores at least 0.3 from the threshold, so no finite difference crosses it.
        boolean ok =
                LayerChecks.gradientsMatch(
                        graph,
                        new INDArray[] {merged(inputs(gateScores(0.3), 100.0, true))},
                        labels(),
                        Set.of());

        assertThat(ok).isTrue();
    }

    @Test
    void logitsAreTheFullPathMinusTheGatedFlows() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());
        Map<String, INDArray> p = handBuiltParameters(graph);
        INDArray[] in = inputs(gateScores(0.0), 2.5, false);

        INDArray logits = graph.feedForward(new INDArray[] {merged(in)}, false).get("flows");

        ReferenceFlows reference = new ReferenceFlows(p, R);
        for (int i = 0; i < B; i++) {
            double[] expected =
                    reference.logits(
                            in[0].getRow(i).toDoubleVector(),
                            SCENARIO[i],
                            in[2].getRow(i).toDoubleVector(),
                            2.5,
                            false);
            for (int m = 0; m < M; m++) {
                // Both sides in double precision in this process: only summation order differs.
                assertThat(logits.getDouble(i, m))
                        .as("logit of example %d, task %d", i, m)
                        .isCloseTo(expected[m], within(1e-12));
            }
        }
    }

    @Test
    void hardGatesRemoveExactlyTheFlowsWithPositiveScores() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());
        Map<String, INDArray> p = handBuiltParameters(graph);
        INDArray scores = gateScores(0.0);
        scores.putScalar(0, 0, 0.0); // exactly on the threshold: 1[w > 0] keeps the flow
        scores.putScalar(1, 5, 0.0);
        INDArray[] in = inputs(scores, 1.0, true);

        INDArray logits = graph.feedForward(new INDArray[] {merged(in)}, false).get("flows");

        ReferenceFlows reference = new ReferenceFlows(p, R);
        for (int i = 0; i < B; i++) {
            double[] z = in[0].getRow(i).toDoubleVector();
            double[] w = scores.getRow(i).toDoubleVector();
            double[] expected = reference.logits(z, SCENARIO[i], w, 1.0, true);
            for (int m = 0; m < M; m++) {
                // Spelled out once more: keep (subtract nothing) where w <= 0, remove where w > 0.
                double[] f = reference.flows(z, SCENARIO[i], m);
                double byHand = f[4];
                for (int j = 0; j < 4; j++) {
                    byHand -= w[4 * m + j] > 0 ? f[j] : 0;
                }
                assertThat(expected[m]).isCloseTo(byHand, within(1e-12));
                assertThat(logits.getDouble(i, m))
                        .as("logit of example %d, task %d", i, m)
                        .isCloseTo(expected[m], within(1e-12));
            }
        }
    }

    @Test
    void initialisationZeroesEveryBAndBias() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());

        for (String zero : new String[] {"Bs", "Bt", "bs", "cs", "bt", "ct"}) {
            assertThat(flowsParameter(graph, zero).amaxNumber().doubleValue()).as(zero).isZero();
        }
        // Reference fan of the 3-D A tensor: std sqrt(2 / (d·r + K·r)); loose bound on a small
        // sample.
        assertThat(flowsParameter(graph, "As").stdNumber().doubleValue()).isBetween(0.2, 0.9);
        assertThat(flowsParameter(graph, "Ws").amaxNumber().doubleValue()).isPositive();
    }

    @Test
    void workspacesEnabledAndNoneTrainIdentically() {
        LayerChecks.trainsIdentically(
                withLayersBelow(WorkspaceMode.ENABLED, new Adam(0.05)),
                withLayersBelow(WorkspaceMode.NONE, new Adam(0.05)),
                belowInputs(3.0),
                labels());
    }

    @Test
    void survivesSerialisation() throws Exception {
        ComputationGraph graph = layerAlone(WorkspaceMode.ENABLED, new Adam(0.01));
        randomParameters(graph, 34);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);

        ComputationGraph restored =
                ModelSerializer.restoreComputationGraph(
                        new ByteArrayInputStream(bytes.toByteArray()), true);

        INDArray in = merged(inputs(gateScores(0.0), 3.0, false));
        assertThat(restored.getLayer("flows").conf().getLayer())
                .isEqualTo(graph.getLayer("flows").conf().getLayer());
        assertThat(restored.outputSingle(in)).isEqualTo(graph.outputSingle(in));
    }

    /** The layer on the merged input row, as the tests above feed it. */
    private static ComputationGraph layerAlone(WorkspaceMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b =
                LayerChecks.graph(mode, updater)
                        .addInputs("merged")
                        .addLayer(
                                "flows",
                                new FlowSelection.Builder().sizes(D, H, K, M, R).build(),
                                "merged");
        return LayerChecks.build(lossOn(b));
    }

    /**
     * z and the gate scores from tanh/identity dense layers, merged with the one-hot and control as
     * in AutoIFS.
     */
    private static ComputationGraph withLayersBelow(WorkspaceMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b =
                LayerChecks.graph(mode, updater)
                        .addInputs("x", "scenario", "gate_x", "control")
                        .addLayer(
                                "z",
                                new DenseLayer.Builder()
                                        .nIn(D)
                                        .nOut(D)
                                        .activation(Activation.TANH)
                                        .build(),
                                "x")
                        .addLayer(
                                "scores",
                                new DenseLayer.Builder()
                                        .nIn(D)
                                        .nOut(4 * M)
                                        .activation(Activation.IDENTITY)
                                        .build(),
                                "gate_x")
                        .addVertex(
                                "merged", new MergeVertex(), "z", "scenario", "scores", "control")
                        .addLayer(
                                "flows",
                                new FlowSelection.Builder().sizes(D, H, K, M, R).build(),
                                "merged");
        return LayerChecks.build(lossOn(b));
    }

    private static ComputationGraphConfiguration.GraphBuilder lossOn(
            ComputationGraphConfiguration.GraphBuilder b) {
        return b.addLayer(
                "out",
                new LossLayer.Builder(new WeightedBinaryCrossEntropy())
                        .activation(Activation.SIGMOID)
                        .build(),
                "flows");
    }

    private static INDArray flowsParameter(ComputationGraph graph, String name) {
        return graph.getLayer("flows").getParam(name);
    }

    private static INDArray merged(INDArray[] in) {
        return Nd4j.hstack(in);
    }

    /**
     * For {@link #withLayersBelow}: x, the one-hot, the gate network's input and the control row,
     * soft gates.
     */
    private static INDArray[] belowInputs(double tau) {
        INDArray[] flows = inputs(gateScores(0.0), tau, false);
        return new INDArray[] {flows[0], flows[1], GaussianArrays.of(B, D, 2), flows[3]};
    }

    /**
     * Every parameter uniform in [-0.5, 0.5): B must be non-zero for the LoRA gradients to be
     * tested.
     */
    private static void randomParameters(ComputationGraph graph, long seed) {
        Random random = new Random(seed);
        INDArray params = graph.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, random.nextDouble() - 0.5);
        }
    }

    /**
     * A fixed, hand-chosen parameter set: entries cycling through a short pattern; returns views of
     * them.
     */
    private static Map<String, INDArray> handBuiltParameters(ComputationGraph graph) {
        double[] pattern = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25, -0.15, 0.35, 0.05, -0.3, 0.45};
        Map<String, INDArray> p = new HashMap<>();
        int next = 0;
        for (String name : FlowMath.PARAMS) {
            INDArray a = flowsParameter(graph, name);
            for (long i = 0; i < a.length(); i++) {
                a.putScalar(i, pattern[next++ % pattern.length]);
            }
            p.put(name, a);
        }
        return p;
    }

    /**
     * z, the scenario one-hot, the gate scores and the control pair (τ, hard flag) of the B
     * examples.
     */
    private static INDArray[] inputs(INDArray scores, double tau, boolean hard) {
        Random random = new Random(21);
        INDArray z = Nd4j.zeros(DataType.DOUBLE, B, D);
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, B, K);
        INDArray control = Nd4j.zeros(DataType.DOUBLE, B, 2);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) {
                z.putScalar(i, j, random.nextDouble() * 2 - 0.5);
            }
            oneHot.putScalar(i, SCENARIO[i], 1.0);
            control.putScalar(i, 0, tau);
            control.putScalar(i, 1, hard ? 1.0 : 0.0);
        }
        return new INDArray[] {z, oneHot, scores, control};
    }

    /** Raw gate scores in [-1, 1] with |w| >= margin, both signs in every column. */
    private static INDArray gateScores(double margin) {
        Random random = new Random(17);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, B, 4 * M);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < 4 * M; j++) {
                double magnitude = margin + (1 - margin) * random.nextDouble();
                w.putScalar(i, j, (i + j) % 2 == 0 ? magnitude : -magnitude);
            }
        }
        return w;
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, B, M);
        for (int i = 0; i < B; i++) {
            labels.putScalar(i, i % M, 1.0);
        }
        return labels;
    }
}
