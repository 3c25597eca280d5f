package dev.flowrec.models.inference;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Dense layers applied one after another, as an MLP's hidden layers or a task tower. */
public final class DenseStack {
    private final List<DenseProduct> layers;

    private DenseStack(List<DenseProduct> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The graph's dense layers {@code names}, in order, each through a ReLU. */
    public static DenseStack relu(ComputationGraph graph, List<String> names) {
        List<DenseProduct> layers = new ArrayList<>();
        for (String name : names) {
            layers.add(DenseProduct.of(graph, name, true));
        }
        return new DenseStack(layers);
    }

    /**
     * The first {@code n} rows of {@code x} through every layer, alternating between the thread's
     * scratch slots {@code slot} and {@code slot + 1}; {@code x} itself when there are no layers.
     */
    public float[] forward(float[] x, int n, int slot) {
        float[] h = x;
        for (int i = 0; i < layers.size(); i++) {
            DenseProduct layer = layers.get(i);
            h = layer.apply(h, n, ScratchArrays.of(slot + i % 2, n * layer.out()));
        }
        return h;
    }

    /** The {@code [in, out]} shape of each layer. */
    public List<int[]> shapes() {
        return layers.stream().map(l -> new int[] {l.in(), l.out()}).toList();
    }
}
