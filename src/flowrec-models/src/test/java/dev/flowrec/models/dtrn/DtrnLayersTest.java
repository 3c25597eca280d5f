package dev.flowrec.models.dtrn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.models.DoublePrecision;
import dev.flowrec.models.GaussianArrays;
import dev.flowrec.models.LayerChecks;
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
 * DTRN's hand-written layers against hand computations and DL4J's gradient checker, in double
 * precision at small sizes, with the ENABLED-vs-NONE workspace test every custom layer gets (DL4J
 * 1.0.0-M2.1 has crashed a custom vertex under workspaces).
 */
@ExtendWith(DoublePrecision.class)
class DtrnLayersTest {
    private static final int B = 5;
    private static final int F = 3;
    private static final int ITEM = 1;
    private static final int BT = 2;
    private static final int L = 4;
    private static final int E = 2;
    private static final int M = 2;

    /**
     * Small widths (condition, hypernetwork, attention) so the check covers every parameter in
     * seconds.
     */
    private static final int CONDITION = 2;

    private static final int HYPER = 4;
    private static final int ATTENTION = 3;
    private static final WorkspaceMode[] MODES = {WorkspaceMode.NONE, WorkspaceMode.ENABLED};

    @Test
    void taskInterestGradientsMatchFiniteDifferences() {
        for (WorkspaceMode mode : MODES) {
            ComputationGraph graph = interestGraph(mode, new NoOp());

            assertThat(
                            LayerChecks.gradientsMatch(
                                    graph, interestInputs(1), GaussianArrays.of(B, 2, 2), Set.of()))
                    .as("gradient check through the task interest module, workspaces %s", mode)
                    .isTrue();
        }
    }

    @Test
    void taskInterestIsTheGeneratedAttentionOverValidPositions() {
        ComputationGraph graph = interestGraph(WorkspaceMode.ENABLED, new NoOp(), false);
        INDArray[] in = interestInputs(3);

        INDArray out = graph.feedForward(in, false).get("tim");

        var layer = graph.getLayer("tim");
        int a = ATTENTION;
        INDArray mask = in[1];
        for (int m = 0; m < M; m++) {
            for (int b = 0; b < BT; b++) {
                double[] c = new double[2 * CONDITION];
                for (int k = 0; k < CONDITION; k++) {
                    c[k] = layer.getParam(TaskInterestParams.TAU).getDouble(m, k);
                    c[CONDITION + k] = layer.getParam(TaskInterestParams.BETA).getDouble(b, k);
                }
                double[] theta = hyper(layer, c);
                for (int i = 0; i < B; i++) {
                    double[] logits = new double[L];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int l = 0; l < L; l++) {
                        double[] z = new double[4 * E];
                        for (int d = 0; d < E; d++) {
                            double q = in[0].getDouble(i, ITEM * E + d);
                            double h = in[0].getDouble(i, (F + b * L + l) * E + d);
                            z[d] = q;
                            z[E + d] = h;
                            z[2 * E + d] = q * h;
                            z[3 * E + d] = q - h;
                        }
                        double logit = theta[4 * E * a + 2 * a];
                        for (int j = 0; j < a; j++) {
                            double u = theta[4 * E * a + j];
                            for (int k = 0; k < 4 * E; k++) {
                                u += z[k] * theta[k * a + j];
                            }
                            logit += Math.max(u, 0) * theta[4 * E * a + a + j];
                        }
                        logits[l] = logit;
                        if (mask.getDouble(i, b * L + l) > 0) {
                            max = Math.max(max, logit);
                        }
                    }
                    double total = 0;
                    double[] weights = new double[L];
                    for (int l = 0; l < L; l++) {
                        weights[l] =
                                mask.getDouble(i, b * L + l) > 0 ? Math.exp(logits[l] - max) : 0;
                        total += weights[l];
                    }
                    for (int d = 0; d < E; d++) {
                        double v = 0;
                        for (int l = 0; l < L; l++) {
                            v +=
                                    total == 0
                                            ? 0
                                            : weights[l]
                                                    / total
                                                    * in[0].getDouble(i, (F + b * L + l) * E + d);
                        }
                        assertThat(out.getDouble(i, (m * BT + b) * E + d))
                                .as("task %d behaviour %d example %d", m, b, i)
                                .isCloseTo(v, within(1e-10));
                    }
                }
            }
        }
    }

    @Test
    void paddedPositionsDoNotMatterAndNoHistoryGivesZero() {
        ComputationGraph graph = interestGraph(WorkspaceMode.ENABLED, new NoOp(), false);
        INDArray[] in = interestInputs(4);
        INDArray changed = in[0].dup();
        for (int i = 0; i < B; i++) {
            for (int l = 0; l < BT * L; l++) {
                if (in[1].getDouble(i, l) == 0) {
                    for (int d = 0; d < E; d++) {
                        changed.putScalar(i, (F + l) * E + d, 100.0 + d);
                    }
                }
            }
        }

        INDArray out = graph.feedForward(in, false).get("tim");
        INDArray outChanged = graph.feedForward(new INDArray[] {changed, in[1]}, false).get("tim");

        assertThat(outChanged).isEqualTo(out);
        // example 0 has no behaviour-1 history (see interestInputs)
        for (int m = 0; m < M; m++) {
            for (int d = 0; d < E; d++) {
                assertThat(out.getDouble(0, (m * BT + 1) * E + d)).isZero();
            }
        }
    }

    @Test
    void fieldReweightingGradientsMatchFiniteDifferences() {
        for (WorkspaceMode mode : MODES) {
            ComputationGraph graph = reweightGraph(mode, new NoOp());

            INDArray[] in = {GaussianArrays.of(B, F * E, 5)};
            assertThat(LayerChecks.gradientsMatch(graph, in, GaussianArrays.of(B, 2, 6), Set.of()))
                    .as("gradient check through the field reweighting, workspaces %s", mode)
                    .isTrue();
        }
    }

    @Test
    void fieldReweightingScalesEachFieldByTwiceItsExcitation() {
        ComputationGraph graph = reweightGraph(WorkspaceMode.ENABLED, new NoOp());
        INDArray x = GaussianArrays.of(B, F * E, 7);

        var activations = graph.feedForward(new INDArray[] {x}, false);
        INDArray out = activations.get("trm");
        x = activations.get("mixed");

        INDArray w1 = graph.getLayer("trm").getParam(FieldReweighting.SQUEEZE);
        INDArray w2 = graph.getLayer("trm").getParam(FieldReweighting.EXCITE);
        int r = FieldReweighting.reduced(F);
        for (int i = 0; i < B; i++) {
            double[] z = new double[F];
            for (int f = 0; f < F; f++) {
                for (int d = 0; d < E; d++) {
                    z[f] += x.getDouble(i, f * E + d) / E;
                }
            }
            double[] s = new double[r];
            for (int j = 0; j < r; j++) {
                for (int f = 0; f < F; f++) {
                    s[j] += z[f] * w1.getDouble(f, j);
                }
                s[j] = Math.max(s[j], 0);
            }
            for (int f = 0; f < F; f++) {
                double pre = 0;
                for (int j = 0; j < r; j++) {
                    pre += s[j] * w2.getDouble(j, f);
                }
                double weight = 1 / (1 + Math.exp(-pre));
                for (int d = 0; d < E; d++) {
                    assertThat(out.getDouble(i, f * E + d))
                            .isCloseTo(2 * weight * x.getDouble(i, f * E + d), within(1e-12));
                }
            }
        }
    }

    @Test
    void workspacesEnabledAndNoneTrainIdentically() {
        LayerChecks.trainsIdentically(
                interestGraph(WorkspaceMode.ENABLED, new Adam(0.05)),
                interestGraph(WorkspaceMode.NONE, new Adam(0.05)),
                interestInputs(8),
                GaussianArrays.of(B, 2, 9));
        LayerChecks.trainsIdentically(
                reweightGraph(WorkspaceMode.ENABLED, new Adam(0.05)),
                reweightGraph(WorkspaceMode.NONE, new Adam(0.05)),
                new INDArray[] {GaussianArrays.of(B, F * E, 10)},
                GaussianArrays.of(B, 2, 11));
    }

    private static double[] hyper(org.deeplearning4j.nn.api.Layer layer, double[] c) {
        int hidden = HYPER;
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            h[j] = layer.getParam(TaskInterestParams.HB1).getDouble(0, j);
            for (int k = 0; k < c.length; k++) {
                h[j] += c[k] * layer.getParam(TaskInterestParams.H1).getDouble(k, j);
            }
            h[j] = Math.max(h[j], 0);
        }
        int p = (int) TaskInterest.generatedSize(E, ATTENTION);
        double[] theta = new double[p];
        for (int j = 0; j < p; j++) {
            theta[j] = layer.getParam(TaskInterestParams.HB2).getDouble(0, j);
            for (int k = 0; k < hidden; k++) {
                theta[j] += h[k] * layer.getParam(TaskInterestParams.H2).getDouble(k, j);
            }
        }
        return theta;
    }

    /**
     * Embeddings [B, (F + Bt·L)·E] (random, fed as an input so their gradient flows through a dense
     * layer) and a mask where example 0 has no behaviour-1 history and others miss some positions.
     */
    private static INDArray[] interestInputs(long seed) {
        INDArray mask = Nd4j.ones(DataType.DOUBLE, B, BT * L);
        for (int l = 0; l < L; l++) {
            mask.putScalar(0, L + l, 0.0);
        }
        mask.putScalar(1, 0, 0.0);
        mask.putScalar(2, 0, 0.0);
        mask.putScalar(2, 1, 0.0);
        mask.putScalar(3, L, 0.0);
        return new INDArray[] {GaussianArrays.of(B, (F + BT * L) * E, seed), mask};
    }

    /** embeddings → identity dense (so their gradient is checked too) ┬ mask → interest → MSE. */
    private static ComputationGraph interestGraph(WorkspaceMode mode, IUpdater updater) {
        return interestGraph(mode, updater, true);
    }

    /** With {@code mixing} false the embeddings reach the interest module as given. */
    private static ComputationGraph interestGraph(
            WorkspaceMode mode, IUpdater updater, boolean mixing) {
        int width = (F + BT * L) * E;
        ComputationGraphConfiguration.GraphBuilder builder =
                LayerChecks.graph(mode, updater).addInputs("embedded", "mask");
        String embedded = "embedded";
        if (mixing) {
            builder.addLayer(
                    "mixed",
                    new DenseLayer.Builder()
                            .nIn(width)
                            .nOut(width)
                            .activation(Activation.TANH)
                            .build(),
                    "embedded");
            embedded = "mixed";
        }
        builder.addVertex("tim_input", new MergeVertex(), embedded, "mask");
        builder.addLayer(
                "tim",
                new TaskInterest.Builder()
                        .sizes(F, ITEM, BT, L, E, M)
                        .widths(CONDITION, HYPER, ATTENTION)
                        .build(),
                "tim_input");
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(M * BT * E)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build(),
                "tim");
        return LayerChecks.build(builder);
    }

    private static ComputationGraph reweightGraph(WorkspaceMode mode, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder builder =
                LayerChecks.graph(mode, updater).addInputs("x");
        builder.addLayer(
                "mixed",
                new DenseLayer.Builder().nIn(F * E).nOut(F * E).activation(Activation.TANH).build(),
                "x");
        builder.addLayer("trm", new FieldReweighting.Builder().sizes(F, E).build(), "mixed");
        builder.addLayer(
                "out",
                new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(F * E)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build(),
                "trm");
        return LayerChecks.build(builder);
    }
}
