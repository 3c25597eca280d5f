package dev.flowrec.models;

import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter side shared by FlowRec's hand-written layers ({@link HandWrittenLayer}): DL4J's
 * {@link ParamInitializer} contract reduced to what differs per layer, namely the keys, how the
 * flat view is cut into named matrices ({@link #getGradientsFromFlattened}, usually with {@link
 * ParameterViews}) and how the matrices start ({@link #initialise}).
 */
public abstract class HandWrittenParams implements ParamInitializer {
    @Override
    public final long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public final boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public final boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public final Map<String, INDArray> init(
            NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = getGradientsFromFlattened(conf, paramsView);
        if (initializeParams) {
            initialise(conf.getLayer(), views);
        }
        return views;
    }

    /** Sets the freshly cut parameter views of {@code layer} to their starting values. */
    protected abstract void initialise(Layer layer, Map<String, INDArray> views);
}
