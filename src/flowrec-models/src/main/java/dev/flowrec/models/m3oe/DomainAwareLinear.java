package dev.flowrec.models.m3oe;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of M3oE's STAR-style domain-aware linear layer, as in its reference code: for an
 * example of domain k, {@code u = x · (W_k ⊙ W) + b_k + b}, with a shared {@code W [d_in, d_out]},
 * {@code b}, and per domain {@code W_k}, {@code b_k}. The input is {@code [x ; onehot(k)]}, width
 * {@code d_in + domains} (a {@code MergeVertex} of the features and the domain one-hot), because a
 * DL4J layer has one input; runtime in {@link DomainAwareLinearLayer}, parameters in {@link
 * DomainAwareLinearParams}. Activation is always identity (the reference applies none).
 *
 * <p>A no-arg constructor and getters/setters keep the graph JSON round-trip working.
 */
public final class DomainAwareLinear extends HandWrittenLayer {
    private static final long serialVersionUID = 1L;

    private int domains;

    /** For JSON deserialisation only. */
    public DomainAwareLinear() {}

    private DomainAwareLinear(Builder builder) {
        super(builder);
        this.domains = builder.domains;
    }

    public int getDomains() {
        return domains;
    }

    public void setDomains(int domains) {
        this.domains = domains;
    }

    /** Width of the feature part x of the input (the input minus the domain one-hot). */
    public long features() {
        return nIn - domains;
    }

    @Override
    protected BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new DomainAwareLinearLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return DomainAwareLinearParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        // One [B, d_out] product per domain is alive at a time, plus the output.
        return new LayerMemoryReport.Builder(layerName, DomainAwareLinear.class, inputType, out)
                .standardMemory(params, 0)
                .workingMemory(0, 2 * nOut, 0, 2 * nOut + nIn)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainAwareLinear other && super.equals(o) && other.domains == domains;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + domains;
    }

    /** Builder: {@code nIn} is the feature width plus {@code domains}. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int domains;

        public Builder domains(int domains) {
            this.domains = domains;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DomainAwareLinear build() {
            if (domains < 1 || nIn <= domains || nOut < 1) {
                throw new IllegalArgumentException(
                        "a domain-aware layer needs domains >= 1, nIn > domains and "
                                + "nOut >= 1, got domains="
                                + domains
                                + " nIn="
                                + nIn
                                + " nOut="
                                + nOut);
            }
            return new DomainAwareLinear(this);
        }
    }
}
