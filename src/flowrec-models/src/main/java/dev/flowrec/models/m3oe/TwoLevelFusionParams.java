package dev.flowrec.models.m3oe;

import dev.flowrec.models.HandWrittenParams;
import dev.flowrec.models.ParameterViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four raw structure weights of {@link TwoLevelFusion}, one {@code [1, 4]} parameter in the
 * order {@code a_d, a_t, b_d, b_t} (their sigmoids are α_d, α_t, β_d, β_t), all initialised to the
 * layer's structure init. Declared a weight, so the L2 penalty reaches them as PyTorch's weight
 * decay does in the reference.
 */
final class TwoLevelFusionParams extends HandWrittenParams {
    static final TwoLevelFusionParams INSTANCE = new TwoLevelFusionParams();
    static final String STRUCTURE = "structure";
    static final int STRUCTURE_WEIGHTS = 4;
    static final int ALPHA_DOMAIN = 0;
    static final int ALPHA_TASK = 1;
    static final int BETA_DOMAIN = 2;
    static final int BETA_TASK = 3;

    private TwoLevelFusionParams() {}

    @Override
    public long numParams(Layer layer) {
        return STRUCTURE_WEIGHTS;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(STRUCTURE);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(STRUCTURE);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    protected void initialise(Layer layer, Map<String, INDArray> views) {
        views.get(STRUCTURE).assign(((TwoLevelFusion) layer).getStructureInit());
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray view) {
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(STRUCTURE, new ParameterViews(view).take(1, STRUCTURE_WEIGHTS));
        return views;
    }
}
