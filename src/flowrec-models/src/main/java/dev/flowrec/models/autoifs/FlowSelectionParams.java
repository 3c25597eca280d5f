package dev.flowrec.models.autoifs;

import dev.flowrec.models.HandWrittenParams;
import dev.flowrec.models.ParameterViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link FlowSelection}, named and shaped as in {@link FlowMath} and in this order:
 * {@code Ws [d,h], bs [1,h], As [d,K·r], Bs [K·r,h], cs [K,h], Wt [h,1], bt [1,1], At [h,M·r], Bt
 * [1,M·r], ct [1,M]}. Initialised as the reference initialises them ({@link FlowMath#initialise}).
 */
final class FlowSelectionParams extends HandWrittenParams {
    static final FlowSelectionParams INSTANCE = new FlowSelectionParams();
    private static final List<String> WEIGHTS = List.of("Ws", "As", "Bs", "Wt", "At", "Bt");
    private static final List<String> BIASES = List.of("bs", "cs", "bt", "ct");

    private FlowSelectionParams() {}

    @Override
    public long numParams(Layer layer) {
        return ((FlowSelection) layer).parameterCount();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(FlowMath.PARAMS);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHTS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIASES;
    }

    @Override
    protected void initialise(Layer layer, Map<String, INDArray> views) {
        FlowSelection f = (FlowSelection) layer;
        FlowMath.initialise(
                views,
                f.getInputSize(),
                f.getOutputSize(),
                f.getScenarios(),
                f.getTasks(),
                f.getRank());
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray flat) {
        FlowSelection f = (FlowSelection) conf.getLayer();
        long d = f.getInputSize();
        long h = f.getOutputSize();
        long kr = (long) f.getScenarios() * f.getRank();
        long mr = (long) f.getTasks() * f.getRank();
        ParameterViews cut = new ParameterViews(flat);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put("Ws", cut.take(d, h));
        views.put("bs", cut.take(1, h));
        views.put("As", cut.take(d, kr));
        views.put("Bs", cut.take(kr, h));
        views.put("cs", cut.take(f.getScenarios(), h));
        views.put("Wt", cut.take(h, 1));
        views.put("bt", cut.take(1, 1));
        views.put("At", cut.take(h, mr));
        views.put("Bt", cut.take(1, mr));
        views.put("ct", cut.take(1, f.getTasks()));
        cut.checkFullyTaken("flow selection");
        return views;
    }
}
