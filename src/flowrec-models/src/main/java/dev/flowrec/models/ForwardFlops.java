package dev.flowrec.models;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;

/**
 * Floating-point operations of one example's forward pass, counted the usual way for recommenders:
 * {@code 2·nIn·nOut + nOut} per dense layer (multiply-adds plus the bias), nothing for embedding
 * lookups, activations or losses. A training step costs about three times the forward pass
 * (forward, and the two products of the backward pass), which is how reports should scale it.
 */
public final class ForwardFlops {
    private ForwardFlops() {}

    /** The dense layers of a graph; custom vertices are left to the model that owns them. */
    public static long ofDenseLayers(ComputationGraphConfiguration configuration) {
        long flops = 0;
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                flops += ofLayer(layerVertex.getLayerConf().getLayer());
            }
        }
        return flops;
    }

    /**
     * The matrix products of a graph's forward pass as {@code [in, out]} pairs, each applied to
     * every example: the dense layers' weights (frozen ones included) and what hand-written layers
     * report. The shapes whose BLAS rates set a model's dense-math limit.
     */
    public static int[][] denseProducts(ComputationGraphConfiguration configuration) {
        List<int[]> products = new ArrayList<>();
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                products.addAll(List.of(productsOf(layerVertex.getLayerConf().getLayer())));
            }
        }
        return products.toArray(new int[0][]);
    }

    private static int[][] productsOf(Layer layer) {
        Layer runs = unfrozen(layer);
        if (runs instanceof HandWrittenLayer handWritten) {
            return handWritten.denseProducts();
        }
        FeedForwardLayer dense = weighted(runs);
        return dense == null
                ? new int[0][]
                : new int[][] {{(int) dense.getNIn(), (int) dense.getNOut()}};
    }

    static long ofLayer(Layer layer) {
        Layer runs = unfrozen(layer);
        if (runs instanceof HandWrittenLayer handWritten) {
            return handWritten.forwardFlopsPerExample();
        }
        FeedForwardLayer dense = weighted(runs);
        return dense == null ? 0 : 2 * dense.getNIn() * dense.getNOut() + dense.getNOut();
    }

    /** Frozen layers still run forward (AutoIFS's gate network in the retrain). */
    private static Layer unfrozen(Layer layer) {
        return layer instanceof FrozenLayer frozen ? unfrozen(frozen.getLayer()) : layer;
    }

    /**
     * The layer as a dense product, or null for embeddings and layers without weights (loss layers
     * are feed-forward layers of width 0).
     */
    private static FeedForwardLayer weighted(Layer layer) {
        if (layer instanceof EmbeddingSequenceLayer
                || layer instanceof EmbeddingLayer
                || !(layer instanceof FeedForwardLayer dense)
                || dense.getNIn() * dense.getNOut() == 0) {
            return null;
        }
        return dense;
    }

    /** A matrix product of an {@code [1, n]} row with an {@code [n, m]} matrix. */
    public static long product(long n, long m) {
        return 2 * n * m;
    }
}
