package dev.flowrec.models.mmoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.GaussianArrays;
import dev.flowrec.models.LayerChecks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link MixtureVertex} against a hand computation and DL4J's gradient checker, in double precision
 * at small sizes, plus the ENABLED-vs-NONE workspace test every custom vertex gets (DL4J 1.0.0-M2.1
 * has crashed a custom vertex under workspaces).
 */
@ExtendWith(DoublePrecision.class)
class MixtureVertexTest {
    private static final int D = 5;
    private static final int K = 3;
    private static final int W = 4;
    private static final int B = 7;

    @Test
    void gradientsMatchFiniteDifferences() {
        for (WorkspaceMode mode : new WorkspaceMode[] {WorkspaceMode.NONE, WorkspaceMode.ENABLED}) {
            ComputationGraph graph = graph(mode, new NoOp());
            boolean ok =
                    LayerChecks.gradientsMatch(
                            graph, new INDArray[] {input(1)}, labels(2), Set.of());

            assertThat(ok).as("gradient check through the mixture, workspaces %s", mode).isTrue();
        }
    }

    @Test
    void outputIsTheGateWeightedSumOfTheExperts() {
        ComputationGraph graph = graph(WorkspaceMode.ENABLED, new NoOp());
        INDArray x = input(3);

        var activations = graph.feedForward(new INDArray[] {x}, false);

        INDArray gate = activations.get("gate");
        INDArray mixture = activations.get("mixture");
        for (int i = 0; i < B; i++) {
            assertThat(gate.getRow(i).sumNumber().doubleValue()).isCloseTo(1.0, within(1e-12));
            for (int j = 0; j < W; j++) {
                double expected = 0;
                for (int k = 0; k < K; k++) {
                    expected +=
                            gate.getDouble(i, k) * activations.get("expert_" + k).getDouble(i, j);
                }
                assertThat(mixture.getDouble(i, j))
                        .as("example %d, unit %d", i, j)
                        .isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void workspacesEnabledAndNoneTrainIdentically() {
        ComputationGraph enabled = graph(WorkspaceMode.ENABLED, new Adam(0.05));
        ComputationGraph none = graph(WorkspaceMode.NONE, new Adam(0.05));
        none.setParams(enabled.params().dup());

        for (int step = 0; step < 5; step++) {
            INDArray[] in = {input(10 + step)};
            INDArray[] out = {labels(20 + step)};
            enabled.fit(in, out);
            none.fit(in, out);
            assertThat(none.params())
                    .as("parameters after step %d", step)
                    .isEqualTo(enabled.params());
        }
        INDArray probe = input(99);
        assertThat(none.outputSingle(probe)).isEqualTo(enabled.outputSingle(probe));
        // The steps did move the parameters: the comparison above is not vacuous.
        assertThat(graph(WorkspaceMode.NONE, new NoOp()).params()).isNotEqualTo(enabled.params());
    }

    @Test
    void survivesSerialisation() throws Exception {
        ComputationGraph graph = graph(WorkspaceMode.ENABLED, new Adam(0.05));
        graph.fit(new INDArray[] {input(4)}, new INDArray[] {labels(5)});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);

        ComputationGraph restored =
                ModelSerializer.restoreComputationGraph(
                        new ByteArrayInputStream(bytes.toByteArray()), true);

        assertThat(restored.getConfiguration().getVertices().get("mixture"))
                .isEqualTo(new MixtureVertex(K, W))
                .isEqualTo(graph.getConfiguration().getVertices().get("mixture"));
        assertThat(restored.outputSingle(input(6))).isEqualTo(graph.outputSingle(input(6)));
    }

    /** x → K tanh experts [B, W] and a softmax gate [B, K] → mixture → linear output, MSE. */
    private static ComputationGraph graph(
            WorkspaceMode mode, org.nd4j.linalg.learning.config.IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder builder =
                new NeuralNetConfiguration.Builder()
                        .seed(42)
                        .dataType(DataType.DOUBLE)
                        .updater(updater)
                        .trainingWorkspaceMode(mode)
                        .inferenceWorkspaceMode(mode)
                        .graphBuilder()
                        .addInputs("x");
        String[] mixtureInputs = new String[K + 1];
        mixtureInputs[0] = "gate";
        builder.addLayer(
                "gate",
                new DenseLayer.Builder().nIn(D).nOut(K).activation(Activation.SOFTMAX).build(),
                "x");
        for (int k = 0; k < K; k++) {
            mixtureInputs[k + 1] = "expert_" + k;
            builder.addLayer(
                    mixtureInputs[k + 1],
                    new DenseLayer.Builder().nIn(D).nOut(W).activation(Activation.TANH).build(),
                    "x");
        }
        builder.addVertex("mixture", new MixtureVertex(K, W), mixtureInputs);
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(W)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build(),
                "mixture");
        ComputationGraph graph = new ComputationGraph(builder.setOutputs("out").build());
        graph.init();
        return graph;
    }

    private static INDArray input(long seed) {
        return random(B, D, seed);
    }

    private static INDArray labels(long seed) {
        return random(B, 2, seed);
    }

    private static INDArray random(int rows, int columns, long seed) {
        return GaussianArrays.of(rows, columns, seed);
    }
}
