package dev.flowrec.models.autoifs;

import static dev.flowrec.models.autoifs.FlowSelectionVertexTest.gateScores;
import static dev.flowrec.models.autoifs.FlowSelectionVertexTest.inputs;
import static dev.flowrec.models.autoifs.FlowSelectionVertexTest.labels;
import static dev.flowrec.models.autoifs.FlowSelectionVertexTest.randomParameters;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.GaussianArrays;
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
    // Sizes, inputs, labels and parameter draws are the vertex test's: the two are compared on them.
    private static final int D = FlowSelectionVertexTest.D;
    private static final int H = FlowSelectionVertexTest.H;
    private static final int K = FlowSelectionVertexTest.K;
    private static final int M = FlowSelectionVertexTest.M;
    private static final int R = FlowSelectionVertexTest.R;
    private static final int B = FlowSelectionVertexTest.B;

    @Test
    void gradientsMatchFiniteDifferencesWithSoftGatesThroughTheLayersBelow() {
        ComputationGraph graph = withLayersBelow(WorkspaceMode.NONE, new NoOp());
        randomParameters(graph, 31);

        boolean ok = LayerChecks.gradientsMatch(graph, belowInputs(1.7), labels(), Set.of());

        assertThat(ok).as("every parameter, the z and gate-score inputs through the dense layers below").isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesWithHardGates() {
        ComputationGraph graph = layerAlone(WorkspaceMode.NONE, new NoOp());
        randomParameters(graph, 32);

        // Scores at least 0.3 from the threshold, so no finite difference crosses it.
        boolean ok = LayerChecks.gradientsMatch(graph, new INDArray[] {merged(inputs(gateScores(0.3), 100.0, true))},
                labels(), Set.of());

        assertThat(ok).isTrue();
    }

    @Test
    void computesWhatTheSameDiffVertexComputesWithSoftAndHardGates() {
        ComputationGraph vertex = FlowSelectionVertexTest.vertexGraph(WorkspaceMode.NONE);
        randomParameters(vertex, 33);
        ComputationGraph layer = layerAlone(WorkspaceMode.NONE, new NoOp());
        Map<String, INDArray> vertexParams = vertex.getVertex("flows").paramTable(false);
        for (String name : FlowMath.PARAMS) {
            layer.getLayer("flows").getParam(name).assign(vertexParams.get(name));
        }

        for (boolean hard : new boolean[] {false, true}) {
            INDArray[] in = inputs(gateScores(0.0), 2.5, hard);
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
                withLayersBelow(WorkspaceMode.NONE, new Adam(0.05)), belowInputs(3.0), labels());
    }

    @Test
    void survivesSerialisation() throws Exception {
        ComputationGraph graph = layerAlone(WorkspaceMode.ENABLED, new Adam(0.01));
        randomParameters(graph, 34);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);

        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), true);

        INDArray in = merged(inputs(gateScores(0.0), 3.0, false));
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

    /** For {@link #withLayersBelow}: x, the one-hot, the gate network's input and the control row, soft gates. */
    private static INDArray[] belowInputs(double tau) {
        INDArray[] flows = inputs(gateScores(0.0), tau, false);
        return new INDArray[] {flows[0], flows[1], GaussianArrays.of(B, D, 2), flows[3]};
    }
}
