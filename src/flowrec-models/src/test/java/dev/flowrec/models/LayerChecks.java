package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The checks every hand-written layer or vertex gets, on a small DOUBLE graph (run the test class
 * with {@link DoublePrecision}): DL4J's gradient checker, and identical training with workspaces
 * ENABLED and NONE (DL4J 1.0.0-M2.1 has crashed a custom vertex under workspaces).
 */
public final class LayerChecks {
    private LayerChecks() {}

    /** A DOUBLE graph builder with a fixed seed, the updater and the workspace mode. */
    public static ComputationGraphConfiguration.GraphBuilder graph(
            WorkspaceMode mode, IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.DOUBLE)
                .updater(updater)
                .trainingWorkspaceMode(mode)
                .inferenceWorkspaceMode(mode)
                .graphBuilder();
    }

    /** The initialised graph, its one output named "out". */
    public static ComputationGraph build(ComputationGraphConfiguration.GraphBuilder builder) {
        ComputationGraph graph = new ComputationGraph(builder.setOutputs("out").build());
        graph.init();
        return graph;
    }

    /** True when every parameter not excluded has the gradient finite differences give. */
    public static boolean gradientsMatch(
            ComputationGraph graph, INDArray[] inputs, INDArray labels, Set<String> exclude) {
        return GradientCheckUtil.checkGradients(
                new GradientCheckUtil.GraphConfig()
                        .net(graph)
                        .inputs(inputs)
                        .labels(new INDArray[] {labels})
                        .excludeParams(exclude)
                        .epsilon(1e-6)
                        .maxRelError(1e-5)
                        .minAbsoluteError(1e-9)
                        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                        .exitOnFirstError(false));
    }

    /**
     * Five Adam steps from the same parameters give the same scores and parameters in both modes.
     */
    public static void trainsIdentically(
            ComputationGraph enabled, ComputationGraph none, INDArray[] in, INDArray labels) {
        none.setParams(enabled.params().dup());
        for (int step = 0; step < 5; step++) {
            enabled.fit(in, new INDArray[] {labels});
            none.fit(in, new INDArray[] {labels});
            assertThat(none.score()).isEqualTo(enabled.score());
        }
        assertThat(none.params()).isEqualTo(enabled.params());
    }
}
