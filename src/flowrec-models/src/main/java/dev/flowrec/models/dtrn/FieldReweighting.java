package dev.flowrec.models.dtrn;

import dev.flowrec.models.HandWrittenLayer;
import dev.flowrec.models.ParameterViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of DTRN's Task-specific Representation Refinement Module for one task, which the
 * paper calls SENet-like: over {@code F'} fields of {@code E} values each, squeeze {@code z_f =
 * mean(e_f)}, excite {@code a = σ(W2 ReLU(W1 z))} with {@code W1 [F', ⌈F'/3⌉]}, {@code W2 [⌈F'/3⌉,
 * F']} and no biases (reduction ratio 3, FiBiNET's default; the DTRN paper gives none), and refine
 * {@code ẽ_f = 2·a_f·e_f} (the 2 keeps the scale near 1 at initialisation, when a ≈ 0.5). Input and
 * output {@code [B, F'·E]}. Runtime in {@link FieldReweightingLayer}; the parameter layout is its
 * own {@link ParamInitializer}.
 */
public final class FieldReweighting extends HandWrittenLayer implements ParamInitializer {
    private static final long serialVersionUID = 1L;
    static final String SQUEEZE = "W1";
    static final String EXCITE = "W2";

    private int fields;
    private int dim;

    /** For JSON deserialisation only. */
    public FieldReweighting() {}

    private FieldReweighting(Builder builder) {
        super(builder);
        this.fields = builder.fields;
        this.dim = builder.dim;
    }

    /** Width of the bottleneck: ⌈F'/3⌉. */
    public static int reduced(int fields) {
        return (fields + 2) / 3;
    }

    public static long parameterCount(int fields) {
        return 2L * fields * reduced(fields);
    }

    public int getFields() {
        return fields;
    }

    public void setFields(int fields) {
        this.fields = fields;
    }

    public int getDim() {
        return dim;
    }

    public void setDim(int dim) {
        this.dim = dim;
    }

    @Override
    protected BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new FieldReweightingLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return this;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, FieldReweighting.class, inputType, out)
                .standardMemory(parameterCount(fields), 0)
                .workingMemory(0, (long) fields * dim, 0, 2L * fields * dim)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return parameterCount(((FieldReweighting) layer).fields);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(SQUEEZE, EXCITE);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return paramKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(
            NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = getGradientsFromFlattened(conf, paramsView);
        if (initializeParams) {
            FieldReweighting l = (FieldReweighting) conf.getLayer();
            for (String key : paramKeys(l)) {
                INDArray w = views.get(key);
                double bound = 1.0 / Math.sqrt(w.size(0));
                new WeightInitDistribution(new UniformDistribution(-bound, bound))
                        .init(w.size(0), w.size(1), w.shape(), 'f', w);
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(
            NeuralNetConfiguration conf, INDArray flat) {
        FieldReweighting l = (FieldReweighting) conf.getLayer();
        ParameterViews cut = new ParameterViews(flat);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(SQUEEZE, cut.take(l.fields, reduced(l.fields)));
        views.put(EXCITE, cut.take(reduced(l.fields), l.fields));
        return views;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldReweighting other
                && super.equals(o)
                && other.fields == fields
                && other.dim == dim;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), fields, dim);
    }

    /** Builder; nIn = nOut = fields × dim. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int fields;
        private int dim;

        public Builder sizes(int fields, int dim) {
            this.fields = fields;
            this.dim = dim;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public FieldReweighting build() {
            if (fields < 1 || dim < 1) {
                throw new IllegalArgumentException(
                        "field reweighting needs fields >= 1 and dim >= 1, got fields="
                                + fields
                                + " dim="
                                + dim);
            }
            nIn((long) fields * dim);
            nOut((long) fields * dim);
            return new FieldReweighting(this);
        }
    }
}
