package dev.flowrec.models;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration side shared by FlowRec's hand-written layers (M3oE's, DTRN's): DL4J's
 * custom-layer recipe of binding the runtime layer to its slice of the network's parameters, once.
 * Subclasses name their runtime class and parameter layout.
 */
public abstract class HandWrittenLayer extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation of subclasses. */
    protected HandWrittenLayer() {}

    protected HandWrittenLayer(FeedForwardLayer.Builder<?> builder) {
        super(builder);
    }

    /**
     * Forward FLOPs of one example, for {@link ForwardFlops}: by default those of a dense layer of
     * the same widths; a layer that knows its own count overrides this.
     */
    public long forwardFlopsPerExample() {
        return 2 * getNIn() * getNOut() + getNOut();
    }

    /**
     * The layer's matrix products as {@code [in, out]} pairs, for {@link
     * ForwardFlops#denseProducts}: by default one product of the layer's widths.
     */
    public int[][] denseProducts() {
        return new int[][] {{(int) getNIn(), (int) getNOut()}};
    }

    /** A runtime layer of this configuration, not yet bound to parameters. */
    protected abstract BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        BaseLayer<?> layer = runtime(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    /** The runtime side shared by the hand-written layers: no pretraining, network data type. */
    public abstract static class Runtime<C extends org.deeplearning4j.nn.conf.layers.BaseLayer>
            extends BaseLayer<C> {
        protected Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        /**
         * The result of a backward pass that wrote every parameter's gradient into its gradient
         * view: those views, in parameter order, and the epsilon for the layer below.
         */
        protected Pair<Gradient, INDArray> gradientViewsAnd(INDArray epsilonBelow) {
            Gradient gradient = new DefaultGradient(gradientsFlattened);
            gradientViews.forEach(gradient.gradientForVariable()::put);
            return new Pair<>(gradient, epsilonBelow);
        }
    }
}
