package dev.flowrec.models.mmoe;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.inference.DenseProduct;
import dev.flowrec.models.inference.DenseStack;
import dev.flowrec.models.inference.EmbeddingTable;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ScratchArrays;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * MMoE's and PLE's forward pass for serving, outside DL4J: every expert once, each added into the
 * mixtures of the tasks whose gates weigh it, then each task's tower and sigmoid output, with the
 * matrix products on OpenBLAS. Parameters are copied when it is made. Thread-safe.
 */
final class ExpertMixtureInference implements Inference {
    private final ModelSettings settings;
    private final ExpertLayout layout;
    private final int width;
    private final EmbeddingTable table;
    private final List<DenseStack> sharedExperts = new ArrayList<>();
    private final List<List<DenseStack>> specificExperts = new ArrayList<>();
    private final List<DenseProduct> gates = new ArrayList<>();
    private final List<DenseStack> towers = new ArrayList<>();
    private final List<DenseProduct> outputs = new ArrayList<>();

    ExpertMixtureInference(ModelSettings settings, ExpertLayout layout, ComputationGraph graph) {
        this.settings = settings;
        this.layout = layout;
        this.width = settings.hiddenSizes().get(settings.hiddenSizes().size() - 1);
        this.table = EmbeddingTable.of(graph, "embedding");
        for (int e = 0; e < layout.shared(); e++) {
            sharedExperts.add(expert(graph, "expert_shared_" + e));
        }
        for (int t = 0; t < settings.space().taskCount(); t++) {
            List<DenseStack> own = new ArrayList<>();
            for (int e = 0; e < layout.specificPerTask(); e++) {
                own.add(expert(graph, "expert_task_" + t + "_" + e));
            }
            specificExperts.add(own);
            gates.add(DenseProduct.of(graph, ExpertMixtureModel.gateName(t), false));
            List<String> tower = new ArrayList<>();
            for (int i = 0; i < settings.towerSizes().size(); i++) {
                tower.add("tower_" + t + "_" + i);
            }
            towers.add(DenseStack.relu(graph, tower));
            outputs.add(DenseProduct.of(graph, "task_" + t, false));
        }
    }

    private DenseStack expert(ComputationGraph graph, String prefix) {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < settings.hiddenSizes().size(); i++) {
            layers.add(prefix + "_" + i);
        }
        return DenseStack.relu(graph, layers);
    }

    @Override
    public float[][] predict(Batch batch) {
        GraphModel.checkBatch(settings, batch);
        BatchTensors.checkRows(batch, settings.vocabularySize());
        int n = batch.size();
        int tasks = towers.size();
        int perGate = layout.expertsPerGate();
        float[] x = table.gather(batch, 0);
        // Gates are softmax over (the task's specific experts, then the shared ones).
        List<float[]> weights = new ArrayList<>(tasks);
        List<float[]> mixtures = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            weights.add(softmaxRows(gates.get(t).apply(x, n, new float[n * perGate]), n, perGate));
            mixtures.add(new float[n * width]);
        }
        for (int t = 0; t < tasks; t++) {
            List<DenseStack> own = specificExperts.get(t);
            for (int e = 0; e < own.size(); e++) {
                addWeighted(
                        own.get(e).forward(x, n, 1),
                        weights.get(t),
                        e,
                        perGate,
                        mixtures.get(t),
                        n);
            }
        }
        for (int e = 0; e < sharedExperts.size(); e++) {
            float[] expert = sharedExperts.get(e).forward(x, n, 1);
            for (int t = 0; t < tasks; t++) {
                addWeighted(
                        expert,
                        weights.get(t),
                        layout.specificPerTask() + e,
                        perGate,
                        mixtures.get(t),
                        n);
            }
        }
        float[][] probabilities = new float[n][tasks];
        for (int t = 0; t < tasks; t++) {
            float[] tower = towers.get(t).forward(mixtures.get(t), n, 3);
            float[] logits = outputs.get(t).apply(tower, n, ScratchArrays.of(5, n));
            for (int i = 0; i < n; i++) {
                probabilities[i][t] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
            }
        }
        return probabilities;
    }

    /** {@code mixture[i] += weight[i][k] · expert[i]} for every row i. */
    private void addWeighted(
            float[] expert, float[] weight, int k, int perGate, float[] mixture, int n) {
        for (int i = 0; i < n; i++) {
            float g = weight[i * perGate + k];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                mixture[row + j] += g * expert[row + j];
            }
        }
    }

    private static float[] softmaxRows(float[] logits, int n, int columns) {
        for (int i = 0; i < n; i++) {
            int row = i * columns;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < columns; k++) {
                max = Math.max(max, logits[row + k]);
            }
            double sum = 0;
            for (int k = 0; k < columns; k++) {
                double e = Math.exp(logits[row + k] - max);
                logits[row + k] = (float) e;
                sum += e;
            }
            for (int k = 0; k < columns; k++) {
                logits[row + k] = (float) (logits[row + k] / sum);
            }
        }
        return logits;
    }

    @Override
    public String engine() {
        return "openblas (" + settings.type().value() + " forward outside DL4J)";
    }

    @Override
    public int[][] denseProducts() {
        List<int[]> shapes = new ArrayList<>();
        for (DenseStack expert : sharedExperts) {
            shapes.addAll(expert.shapes());
        }
        for (int t = 0; t < towers.size(); t++) {
            for (DenseStack expert : specificExperts.get(t)) {
                shapes.addAll(expert.shapes());
            }
            shapes.add(new int[] {gates.get(t).in(), gates.get(t).out()});
            shapes.addAll(towers.get(t).shapes());
            shapes.add(new int[] {outputs.get(t).in(), outputs.get(t).out()});
        }
        return shapes.toArray(new int[0][]);
    }
}
