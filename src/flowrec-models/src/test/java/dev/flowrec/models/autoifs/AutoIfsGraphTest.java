package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.SyntheticStream;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The whole AutoIFS graph (both embedding tables, shared bottom, gate network, flows vertex, loss
 * layers) against DL4J's gradient checker in double precision: proves that the gradients reaching
 * every layer through the vertex are right, not only the vertex's own.
 */
class AutoIfsGraphTest {
    // Tiny sizes: M2.1's graph gradient checker ignores subset/maxPerParam and checks every one of
    // the ~1,600 parameters, two forward passes each.
    private static final ModelSettings SETTINGS =
            SyntheticStream.settings(4, List.of(8), List.of(), 0.01, 0.0, 3L).toBuilder()
                    .type(ModelType.AUTOIFS)
                    .architecture(
                            AutoIfsSettings.defaults()
                                    .withSizes(2, List.of(8, 6), 5)
                                    .withSearch(1000, 0.9, 0))
                    .build();
    private static final int B = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void wholeGraphGradientsMatchFiniteDifferencesWithSoftGates() {
        // Hard gates are checked on the layer alone (FlowSelectionLayerTest); that the gate network
        // then receives no gradient is checked on the model (AutoIfsModelTest).
        assertThat(check(2.0, false))
                .as("gradient check of every parameter of the graph, soft gates")
                .isTrue();
    }

    private static boolean check(double tau, boolean hard) {
        ComputationGraph graph =
                new ComputationGraph(
                        AutoIfsGraph.configuration(
                                SETTINGS,
                                AutoIfsPhase.SEARCH,
                                WorkspaceMode.NONE,
                                DataType.DOUBLE,
                                true));
        graph.init();
        Random random = new Random(9);
        INDArray params = graph.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (random.nextDouble() - 0.5) * 0.6);
        }
        int[] scenarios = new int[B];
        INDArray rows = Nd4j.zeros(DataType.DOUBLE, B, 4);
        for (int i = 0; i < B; i++) {
            int[] example = new SyntheticStream(40 + i).next().featureRows();
            for (int f = 0; f < example.length; f++) {
                rows.putScalar(i, f, example[f]);
            }
            scenarios[i] = example[2] - 2 * SyntheticStream.BUCKETS - 1;
        }
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, B, 2);
        INDArray control = Nd4j.zeros(DataType.DOUBLE, B, 2);
        for (int i = 0; i < B; i++) {
            oneHot.putScalar(i, scenarios[i], 1.0);
            control.putScalar(i, 0, tau);
            control.putScalar(i, 1, hard ? 1.0 : 0.0);
        }
        // Per task [label, weight]; weights other than 1 exercise the weighted loss too.
        INDArray click = Nd4j.create(new double[][] {{1, 1}, {0, 1}, {1, 2}, {0, 0.5}, {1, 1}});
        INDArray conversion = Nd4j.create(new double[][] {{0, 1}, {1, 1}, {0, 0}, {1, 1}, {0, 1}});
        return GradientCheckUtil.checkGradients(
                new GradientCheckUtil.GraphConfig()
                        .net(graph)
                        .inputs(new INDArray[] {rows, oneHot, control})
                        .labels(new INDArray[] {click, conversion})
                        .epsilon(1e-6)
                        .maxRelError(1e-4)
                        .minAbsoluteError(1e-8)
                        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                        .exitOnFirstError(false));
    }
}
