package dev.flowrec.models.m3oe;

import dev.flowrec.models.HandWrittenParams;
import dev.flowrec.models.ParameterViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link DomainAwareLinear}, in this order: shared {@code W [d_in, d_out]}, shared
 * {@code b [1, d_out]}, the domains' weights side by side {@code Wd [d_in, domains·d_out]} (domain
 * k in columns {@code [k·d_out, (k+1)·d_out)}, contiguous in 'f' order) and their biases {@code bd
 * [1, domains·d_out]}. Weights Xavier-uniform with fan-in d_in and fan-out d_out, biases 0, as in
 * the reference.
 */
final class DomainAwareLinearParams extends HandWrittenParams {
    static final DomainAwareLinearParams INSTANCE = new DomainAwareLinearParams();
    static final String WEIGHT = "W";
    static final String BIAS = "b";
    static final String DOMAIN_WEIGHT = "Wd";
    static final String DOMAIN_BIAS = "bd";

    private DomainAwareLinearParams() {}

    @Override
    public long numParams(Layer layer) {
        DomainAwareLinear l = (DomainAwareLinear) layer;
        return (1L + l.getDomains()) * (l.features() * l.getNOut() + l.getNOut());
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT, BIAS, DOMAIN_WEIGHT, DOMAIN_BIAS);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT, DOMAIN_WEIGHT);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS, DOMAIN_BIAS);
    }

    @Override
    protected void initialise(Layer layer, Map<String, INDArray> views) {
        DomainAwareLinear l = (DomainAwareLinear) layer;
        WeightInitXavierUniform xavier = new WeightInitXavierUniform();
        for (String key : weightKeys(l)) {
            INDArray w = views.get(key);
            xavier.init(l.features(), l.getNOut(), w.shape(), 'f', w);
        }
        views.get(BIAS).assign(0);
        views.get(DOMAIN_BIAS).assign(0);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray gradientView) {
        return views((DomainAwareLinear) conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(DomainAwareLinear l, INDArray flat) {
        long in = l.features();
        long out = l.getNOut();
        int k = l.getDomains();
        ParameterViews cut = new ParameterViews(flat);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(WEIGHT, cut.take(in, out));
        views.put(BIAS, cut.take(1, out));
        views.put(DOMAIN_WEIGHT, cut.take(in, k * out));
        views.put(DOMAIN_BIAS, cut.take(1, k * out));
        cut.checkFullyTaken("domain-aware layer");
        return views;
    }
}
