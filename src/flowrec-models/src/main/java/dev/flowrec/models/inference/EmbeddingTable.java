package dev.flowrec.models.inference;

import dev.flowrec.core.batch.Batch;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/** An embedding table copied out of a DL4J graph, looked up for serving. Immutable. */
public final class EmbeddingTable {
    private final float[] rows;
    private final int dim;

    private EmbeddingTable(float[] rows, int dim) {
        this.rows = rows;
        this.dim = dim;
    }

    /** The {@code [V, E]} table of the graph's embedding layer {@code layer}. */
    public static EmbeddingTable of(ComputationGraph graph, String layer) {
        var table = graph.getLayer(layer).getParam("W");
        return new EmbeddingTable(
                Nd4j.toFlattened('c', table).toFloatVector(), (int) table.size(1));
    }

    /**
     * Each example's F rows side by side, {@code [n, F·E]}, in the thread's scratch slot {@code
     * slot}. Rows must have been checked against the table's size.
     */
    public float[] gather(Batch batch, int slot) {
        int[] featureRows = batch.featureRows();
        float[] x = ScratchArrays.of(slot, featureRows.length * dim);
        for (int i = 0; i < featureRows.length; i++) {
            System.arraycopy(rows, featureRows[i] * dim, x, i * dim, dim);
        }
        return x;
    }
}
