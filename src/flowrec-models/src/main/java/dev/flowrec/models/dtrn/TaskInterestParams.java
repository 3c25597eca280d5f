package dev.flowrec.models.dtrn;

import dev.flowrec.models.HandWrittenParams;
import dev.flowrec.models.ParameterViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link TaskInterest} (default widths), in this order: hypernetwork {@code H1 [16,
 * 64]}, {@code hb1 [1, 64]}, {@code H2 [64, P]}, {@code hb2 [1, P]}, task embeddings {@code tau [M,
 * 8]}, behaviour embeddings {@code beta [Bt, 8]}. Weights uniform ±1/√fan-in (PyTorch's Linear
 * default), embeddings uniform ±1, biases 0.
 */
final class TaskInterestParams extends HandWrittenParams {
    static final TaskInterestParams INSTANCE = new TaskInterestParams();
    static final String H1 = "H1";
    static final String HB1 = "hb1";
    static final String H2 = "H2";
    static final String HB2 = "hb2";
    static final String TAU = "tau";
    static final String BETA = "beta";

    private TaskInterestParams() {}

    @Override
    public long numParams(Layer layer) {
        return ((TaskInterest) layer).parameterCount();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(H1, HB1, H2, HB2, TAU, BETA);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(H1, H2, TAU, BETA);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(HB1, HB2);
    }

    @Override
    protected void initialise(Layer layer, Map<String, INDArray> views) {
        TaskInterest t = (TaskInterest) layer;
        uniform(views.get(H1), 1.0 / Math.sqrt(2.0 * t.getCondition()));
        uniform(views.get(H2), 1.0 / Math.sqrt(t.getHyperHidden()));
        uniform(views.get(TAU), 1.0);
        uniform(views.get(BETA), 1.0);
        views.get(HB1).assign(0);
        views.get(HB2).assign(0);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray flat) {
        TaskInterest t = (TaskInterest) conf.getLayer();
        long p = TaskInterest.generatedSize(t.getDim(), t.getAttentionHidden());
        ParameterViews cut = new ParameterViews(flat);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(H1, cut.take(2L * t.getCondition(), t.getHyperHidden()));
        views.put(HB1, cut.take(1, t.getHyperHidden()));
        views.put(H2, cut.take(t.getHyperHidden(), p));
        views.put(HB2, cut.take(1, p));
        views.put(TAU, cut.take(t.getTasks(), t.getCondition()));
        views.put(BETA, cut.take(t.getBehaviours(), t.getCondition()));
        cut.checkFullyTaken("task interest");
        return views;
    }

    private static void uniform(INDArray view, double bound) {
        new WeightInitDistribution(new UniformDistribution(-bound, bound))
                .init(view.size(0), view.size(1), view.shape(), 'f', view);
    }
}
