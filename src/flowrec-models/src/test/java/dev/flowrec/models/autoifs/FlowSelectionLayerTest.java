package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.LayerChecks;
import dev.flowrec.models.WeightedBinaryCrossEntropy;
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
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link FlowSelection}'s hand-written backward pass against DL4J's gradient checker, and the
 * whole layer against the SameDiff {@link FlowSelectionVertex} it replaces (itself checked against
 * the spec in {@link FlowSelectionVertexTest}): same parameters, same logits, same gradients.
 */
@ExtendWith(DoublePrecision.class)
class FlowSelectionLayerTest {
    private static final int D = 5;
    private static final int H = 4;
    private static final int K = 3;
    private static final int M = 2;
    private static final int R = 2;
    private static final int B = 6;

    @Test
    void gradientsMatchFiniteDifferencesWithSoftGatesThroughTheLayersBelow() {
        ComputationGraph graph = withLayersBelow(WorkspaceMode.NONE, new NoOp());
        randomise(graph.params(), 31);

        boolean ok = LayerChecks.gradientsMatch(graph, new INDArray[] {gaussian(B, D, 1), oneHot(), gaussian(B, D, 2),
            control(1.7, false)}, labels(), Set.of());

        assertThat(ok).as("every parameter, the z and gate-score inputs through the dense layers below").isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesWithHardGates() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());
        randomise(graph.params(), 32);

        // Scores at least 0.3 from the threshold, so no finite difference crosses it.
        boolean ok = LayerChecks.gradientsMatch(graph, new INDArray[] {merged(inputs(0.3, 100.0, true))}, labels(),
                Set.of());

        assertThat(ok).isTrue();
    }

    @Test
    void computesWhatTheSameDiffVertexComputesWithSoftAndHardGates() {
        ComputationGraph vertex = FlowSelectionVertexTest.vertexGraph(WorkspaceMode.NONE);
        randomise(vertex.params(), 33);
        ComputationGraph layer = layerAlone(WorkspaceMode.NONE, new NoOp());
        Map<String, INDArray> vertexParams = vertex.getVertex("flows").paramTable(false);
        for (String name : FlowMath.PARAMS) {
            layer.getLayer("flows").getParam(name).assign(vertexParams.get(name));
        }

        for (boolean hard : new boolean[] {false, true}) {
            INDArray[] in = inputs(0.0, 2.5, hard);
            assertThat(layer.outputSingle(merged(in))).as("logits, hard=%s", hard)
                    .isEqualTo(vertex.outputSingle(in));
            Map<String, INDArray> expected = gradients(vertex, in);
            Map<String, INDArray> actual = gradients(layer, merged(in));
            for (String name : FlowMath.PARAMS) {
                INDArray difference = actual.get("flows_" + name).sub(expected.get("flows_" + name));
                assertThat(difference.amaxNumber().doubleValue()).as("gradient of %s, hard=%s", name, hard)
                        .isLessThan(1e-12);
            }
        }
    }

    @Test
    void workspacesEnabledAndNoneTrainIdentically() {
        LayerChecks.trainsIdentically(withLayersBelow(WorkspaceMode.ENABLED, new Adam(0.05)),
                withLayersBelow(WorkspaceMode.NONE, new Adam(0.05)), new INDArray[] {gaussian(B, D, 3), oneHot(),
                    gaussian(B, D, 4), control(3.0, false)}, labels());
    }

    @Test
    void survivesSerialisation() throws Exception {
        ComputationGraph graph = layerAlone(WorkspaceMode.ENABLED, new Adam(0.01));
        randomise(graph.params(), 34);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);

        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), true);

        INDArray in = merged(inputs(0.0, 3.0, false));
        assertThat(restored.getLayer("flows").conf().getLayer()).isEqualTo(graph.getLayer("flows").conf().getLayer());
        assertThat(restored.outputSingle(in)).isEqualTo(graph.outputSingle(in));
    }

    /** The layer on the merged input row, as the tests above feed it. */
    private static ComputationGraph layerAlone(WorkspaceMode mode, org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b = LayerChecks.graph(mode, updater).addInputs("merged")
                .addLayer("flows", new FlowSelection.Builder().sizes(D, H, K, M, R).build(), "merged");
        return LayerChecks.build(lossOn(b));
    }

    /** z and the gate scores from tanh/identity dense layers, merged with the one-hot and control as in AutoIFS. */
    private static ComputationGraph withLayersBelow(WorkspaceMode mode, org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder b = LayerChecks.graph(mode, updater)
                .addInputs("x", "scenario", "gate_x", "control")
                .addLayer("z", new DenseLayer.Builder().nIn(D).nOut(D).activation(Activation.TANH).build(), "x")
                .addLayer("scores", new DenseLayer.Builder().nIn(D).nOut(4 * M).activation(Activation.IDENTITY).build(),
                        "gate_x")
                .addVertex("merged", new MergeVertex(), "z", "scenario", "scores", "control")
                .addLayer("flows", new FlowSelection.Builder().sizes(D, H, K, M, R).build(), "merged");
        return LayerChecks.build(lossOn(b));
    }

    private static ComputationGraphConfiguration.GraphBuilder lossOn(ComputationGraphConfiguration.GraphBuilder b) {
        return b.addLayer("out", new LossLayer.Builder(new WeightedBinaryCrossEntropy()).activation(Activation.SIGMOID)
                .build(), "flows");
    }

    private static Map<String, INDArray> gradients(ComputationGraph graph, INDArray... in) {
        graph.setInputs(in);
        graph.setLabels(labels());
        graph.computeGradientAndScore();
        Map<String, INDArray> out = new java.util.HashMap<>();
        graph.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static INDArray merged(INDArray[] in) {
        return Nd4j.hstack(in);
    }

    /** z, one-hot, gate scores at least {@code margin} from 0 with both signs, control. */
    private static INDArray[] inputs(double margin, double tau, boolean hard) {
        Random random = new Random(17);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, B, 4 * M);
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < 4 * M; j++) {
                double magnitude = margin + (1 - margin) * random.nextDouble();
                w.putScalar(i, j, (i + j) % 2 == 0 ? magnitude : -magnitude);
            }
        }
        return new INDArray[] {gaussian(B, D, 5), oneHot(), w, control(tau, hard)};
    }

    private static INDArray oneHot() {
        INDArray out = Nd4j.zeros(DataType.DOUBLE, B, K);
        for (int i = 0; i < B; i++) {
            out.putScalar(i, i % K, 1.0);
        }
        return out;
    }

    private static INDArray control(double tau, boolean hard) {
        INDArray out = Nd4j.zeros(DataType.DOUBLE, B, 2);
        for (int i = 0; i < B; i++) {
            out.putScalar(i, 0, tau);
            out.putScalar(i, 1, hard ? 1.0 : 0.0);
        }
        return out;
    }

    private static INDArray labels() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, B, M);
        for (int i = 0; i < B; i++) {
            labels.putScalar(i, i % M, 1.0);
        }
        return labels;
    }

    private static INDArray gaussian(int rows, int columns, long seed) {
        Random random = new Random(seed);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, rows, columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                a.putScalar(i, j, random.nextGaussian());
            }
        }
        return a;
    }

    /** Every parameter uniform in [-0.5, 0.5): B must be non-zero for the LoRA gradients to be tested. */
    private static void randomise(INDArray params, long seed) {
        Random random = new Random(seed);
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, random.nextDouble() - 0.5);
        }
    }
}
