package dev.flowrec.models;

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

    static long ofLayer(Layer layer) {
        if (layer instanceof FrozenLayer frozen) {
            // Frozen layers still run forward (AutoIFS's gate network in the retrain).
            return ofLayer(frozen.getLayer());
        }
        if (layer instanceof HandWrittenLayer handWritten) {
            return handWritten.forwardFlopsPerExample();
        }
        if (layer instanceof EmbeddingSequenceLayer
                || layer instanceof EmbeddingLayer
                || !(layer instanceof FeedForwardLayer dense)) {
            return 0;
        }
        return 2 * dense.getNIn() * dense.getNOut() + dense.getNOut();
    }

    /** A matrix product of an {@code [1, n]} row with an {@code [n, m]} matrix. */
    public static long product(long n, long m) {
        return 2 * n * m;
    }
}
