package dev.flowrec.models.sharedbottom;

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
 * Shared-Bottom's forward pass for serving, outside DL4J as AutoIFS's is: the embedding lookup, the
 * shared MLP once, each task's tower and sigmoid output, with the matrix products on OpenBLAS.
 * Parameters are copied when it is made. Thread-safe.
 */
final class SharedBottomInference implements Inference {
    private final ModelSettings settings;
    private final EmbeddingTable table;
    private final DenseStack shared;
    private final List<DenseStack> towers = new ArrayList<>();
    private final List<DenseProduct> outputs = new ArrayList<>();

    SharedBottomInference(ModelSettings settings, ComputationGraph graph) {
        this.settings = settings;
        this.table = EmbeddingTable.of(graph, "embedding");
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < settings.hiddenSizes().size(); i++) {
            hidden.add("shared_" + i);
        }
        this.shared = DenseStack.relu(graph, hidden);
        for (int t = 0; t < settings.space().taskCount(); t++) {
            List<String> tower = new ArrayList<>();
            for (int i = 0; i < settings.towerSizes().size(); i++) {
                tower.add("tower_" + t + "_" + i);
            }
            towers.add(DenseStack.relu(graph, tower));
            outputs.add(DenseProduct.of(graph, "task_" + t, false));
        }
    }

    @Override
    public float[][] predict(Batch batch) {
        GraphModel.checkBatch(settings, batch);
        BatchTensors.checkRows(batch, settings.vocabularySize());
        int n = batch.size();
        float[] bottom = shared.forward(table.gather(batch, 0), n, 1);
        float[][] probabilities = new float[n][towers.size()];
        for (int t = 0; t < towers.size(); t++) {
            float[] tower = towers.get(t).forward(bottom, n, 3);
            float[] logits = outputs.get(t).apply(tower, n, ScratchArrays.of(5, n));
            for (int i = 0; i < n; i++) {
                probabilities[i][t] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
            }
        }
        return probabilities;
    }

    @Override
    public String engine() {
        return "openblas (Shared-Bottom forward outside DL4J)";
    }

    @Override
    public int[][] denseProducts() {
        List<int[]> shapes = new ArrayList<>(shared.shapes());
        for (int t = 0; t < towers.size(); t++) {
            shapes.addAll(towers.get(t).shapes());
            shapes.add(new int[] {outputs.get(t).in(), outputs.get(t).out()});
        }
        return shapes.toArray(new int[0][]);
    }
}
