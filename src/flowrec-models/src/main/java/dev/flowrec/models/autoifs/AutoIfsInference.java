package dev.flowrec.models.autoifs;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.inference.DenseProduct;
import dev.flowrec.models.inference.DenseStack;
import dev.flowrec.models.inference.EmbeddingTable;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ScratchArrays;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AutoIFS's forward pass for serving, outside DL4J: the same network as {@link AutoIfsGraph} and
 * the same arithmetic as {@link FlowSelectionLayer}'s forward, with the matrix products on OpenBLAS
 * ({@link DenseProduct}) and the rest in plain loops. DL4J spends most of a one-example {@code
 * output} on per-operation overhead (about forty ND4J calls in the flows layer alone, each
 * allocating shape buffers); this pass makes ten BLAS calls and reuses its thread's arrays ({@link
 * ScratchArrays}).
 *
 * <p>Parameters are copied when it is made, so it serves the model as it was then; gates are soft
 * or hard, at the temperature, of the phase the model was in. Thread-safe.
 */
final class AutoIfsInference implements Inference {
    private final ModelSettings settings;
    private final int vocabulary;
    private final int scenarios;
    private final int tasks;
    private final int rank;
    private final int width;
    private final EmbeddingTable mainTable;
    private final EmbeddingTable gateTable;
    private final DenseStack mainLayers;
    private final DenseStack gateLayers;
    private final DenseProduct gateHead;
    private final DenseProduct scenarioShared;
    private final DenseProduct scenarioLowRank;
    private final float[] lowRankUp;
    private final float[] scenarioBias;

    /** {@code x·[At | Wt]}: every task's LoRA columns, then the task-shared unit's one. */
    private final DenseProduct taskLayer;

    private final float taskSharedBias;

    private final float[] taskLowRankUp;
    private final float[] taskBias;
    private final float temperature;
    private final boolean hard;

    AutoIfsInference(ModelSettings settings, ComputationGraph graph, double tau, boolean hard) {
        AutoIfsSettings a = AutoIfsSettings.of(settings);
        this.settings = settings;
        this.vocabulary = settings.vocabularySize();
        this.scenarios = settings.space().scenarios().size();
        this.tasks = settings.space().taskCount();
        this.rank = a.loraRank();
        this.width = a.scenarioSize();
        this.mainTable = EmbeddingTable.of(graph, AutoIfsGraph.EMBEDDING);
        this.gateTable = EmbeddingTable.of(graph, AutoIfsGraph.GATE_EMBEDDING);
        this.mainLayers = DenseStack.relu(graph, bottoms("", a.bottomSizes().size()));
        this.gateLayers =
                DenseStack.relu(graph, bottoms(AutoIfsGraph.GATE_PREFIX, a.bottomSizes().size()));
        int bottom = a.bottomSizes().get(a.bottomSizes().size() - 1);
        this.gateHead = DenseProduct.of(graph, AutoIfsGraph.GATE_HEAD, false);
        String flows = AutoIfsGraph.FLOWS;
        this.scenarioShared =
                new DenseProduct(
                        bottom,
                        width,
                        values(graph, flows, "Ws"),
                        values(graph, flows, "bs"),
                        false);
        this.scenarioLowRank =
                new DenseProduct(bottom, scenarios * rank, values(graph, flows, "As"), null, false);
        this.lowRankUp = values(graph, flows, "Bs");
        this.scenarioBias = values(graph, flows, "cs");
        this.taskLayer =
                new DenseProduct(
                        width,
                        tasks * rank + 1,
                        besideEachRow(
                                values(graph, flows, "At"),
                                values(graph, flows, "Wt"),
                                width,
                                tasks * rank),
                        null,
                        false);
        this.taskSharedBias = values(graph, flows, "bt")[0];
        this.taskLowRankUp = values(graph, flows, "Bt");
        this.taskBias = values(graph, flows, "ct");
        this.temperature = (float) tau;
        this.hard = hard;
    }

    private static List<String> bottoms(String prefix, int layers) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            names.add(prefix + "bottom_" + i);
        }
        return names;
    }

    /** {@code [rows, columns]} and {@code [rows, 1]} side by side: {@code [rows, columns + 1]}. */
    private static float[] besideEachRow(float[] m, float[] column, int rows, int columns) {
        float[] out = new float[rows * (columns + 1)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m, r * columns, out, r * (columns + 1), columns);
            out[r * (columns + 1) + columns] = column[r];
        }
        return out;
    }

    /** A parameter's values in row-major order. */
    private static float[] values(ComputationGraph graph, String layer, String param) {
        return Nd4j.toFlattened('c', graph.getLayer(layer).getParam(param)).toFloatVector();
    }

    @Override
    public float[][] predict(Batch batch) {
        AutoIfsModel.checkBatch(settings, batch);
        BatchTensors.checkRows(batch, vocabulary);
        int n = batch.size();
        int[] scenarioOf = batch.scenarios();
        float[] z = mainLayers.forward(mainTable.gather(batch, 0), n, 1);
        float[] gateBody = gateLayers.forward(gateTable.gather(batch, 3), n, 4);
        float[] scores = gateHead.apply(gateBody, n, ScratchArrays.of(6, n * 4 * tasks));
        float[] shared = scenarioShared.apply(z, n, ScratchArrays.of(7, n * width));
        float[] lowRank = scenarioLowRank.apply(z, n, ScratchArrays.of(8, n * scenarios * rank));

        // The task layer reads s, the shared part and the specific part of every example: stacked
        // as rows [0, n), [n, 2n) and [2n, 3n), they go through one product with At and Wt.
        float[] stacked = ScratchArrays.of(9, 3 * n * width);
        for (int i = 0; i < n; i++) {
            int k = scenarioOf[i];
            int sRow = i * width;
            int sharedRow = (n + i) * width;
            int specificRow = (2 * n + i) * width;
            System.arraycopy(shared, i * width, stacked, sharedRow, width);
            // Scenario k's LoRA unit: its r columns of z·As up through its rows of Bs, plus cs[k].
            System.arraycopy(scenarioBias, k * width, stacked, specificRow, width);
            for (int c = 0; c < rank; c++) {
                float v = lowRank[(i * scenarios + k) * rank + c];
                int row = (k * rank + c) * width;
                for (int j = 0; j < width; j++) {
                    stacked[specificRow + j] += v * lowRankUp[row + j];
                }
            }
            for (int j = 0; j < width; j++) {
                float pre = stacked[sharedRow + j] + stacked[specificRow + j];
                stacked[sRow + j] = Math.max(pre, 0f);
            }
        }
        int columns = tasks * rank + 1;
        float[] q = taskLayer.apply(stacked, 3 * n, ScratchArrays.of(10, 3 * n * columns));

        float[][] probabilities = new float[n][tasks];
        for (int i = 0; i < n; i++) {
            int sRow = i * columns;
            int sharedRow = (n + i) * columns;
            int specificRow = (2 * n + i) * columns;
            float tS = q[sRow + columns - 1] + taskSharedBias;
            float tShared = q[sharedRow + columns - 1] + taskSharedBias;
            float tSpecific = q[specificRow + columns - 1] + taskSharedBias;
            int scoreRow = i * 4 * tasks;
            for (int m = 0; m < tasks; m++) {
                int g = scoreRow + 4 * m;
                float logit =
                        taskUnit(q, sRow, m)
                                + tS
                                - gate(scores[g]) * tShared
                                - gate(scores[g + 1]) * taskUnit(q, specificRow, m)
                                - gate(scores[g + 2]) * taskUnit(q, sharedRow, m)
                                - gate(scores[g + 3]) * tSpecific;
                probabilities[i][m] = sigmoid(logit);
            }
        }
        return probabilities;
    }

    /**
     * {@code U(x)} of task m from a row of {@code x·[At | Wt]}: {@code Σ_c q[m·r + c]·Bt[m·r + c] +
     * ct[m]}.
     */
    private float taskUnit(float[] q, int row, int m) {
        float sum = taskBias[m];
        for (int c = 0; c < rank; c++) {
            sum += q[row + m * rank + c] * taskLowRankUp[m * rank + c];
        }
        return sum;
    }

    private float gate(float score) {
        return hard ? (score > 0f ? 1f : 0f) : sigmoid(temperature * score);
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public String engine() {
        return "openblas (AutoIFS forward outside DL4J)";
    }

    @Override
    public int[][] denseProducts() {
        List<int[]> shapes = new ArrayList<>(mainLayers.shapes());
        shapes.addAll(gateLayers.shapes());
        for (DenseProduct layer : List.of(gateHead, scenarioShared, scenarioLowRank)) {
            shapes.add(new int[] {layer.in(), layer.out()});
        }
        // Applied to three rows per example.
        for (int i = 0; i < 3; i++) {
            shapes.add(new int[] {taskLayer.in(), taskLayer.out()});
        }
        return shapes.toArray(new int[0][]);
    }
}
