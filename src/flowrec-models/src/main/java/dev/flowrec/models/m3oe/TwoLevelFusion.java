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
 * Configuration of M3oE's two-level fusion, as its reference code computes it, for every (domain k,
 * task m) pair at once, because the four structure weights {@code α_d, α_t, β_d, β_t} are shared by
 * all pairs and a DL4J layer owns its parameters. Pair p is domain {@code p mod K}, task {@code p
 * div K}, as in the reference.
 *
 * <p>Input, one merged row: the P = K·M gates {@code g_p [E]} (softmax over the shared experts),
 * then the E shared experts {@code S_i}, the K domain experts {@code D_j} and the M task experts
 * {@code T_j}, each {@code [width]}. Output {@code [P·width]}, pair p in columns {@code [p·width,
 * (p+1)·width)}:
 *
 * <pre>
 * D̃_k = β_d·D_k + (1−β_d)/(K−1)·Σ_{j≠k} D_j      T̃_m likewise with β_t
 * f_p = Σ_i g_{p,i}·S_i + α_d·D̃_k + α_t·T̃_m       α_d = σ(a_d), …
 * </pre>
 *
 * With one domain (or one task) the "others" term is empty and drops out. Runtime in {@link
 * TwoLevelFusionLayer}, the four raw weights in {@link TwoLevelFusionParams}.
 */
public final class TwoLevelFusion extends HandWrittenLayer {
    private static final long serialVersionUID = 1L;

    private int sharedExperts;
    private int domains;
    private int tasks;
    private int width;
    private double structureInit;

    /** For JSON deserialisation only. */
    public TwoLevelFusion() {}

    private TwoLevelFusion(Builder builder) {
        super(builder);
        this.sharedExperts = builder.sharedExperts;
        this.domains = builder.domains;
        this.tasks = builder.tasks;
        this.width = builder.width;
        this.structureInit = builder.structureInit;
    }

    /** Input width for the given sizes: the gates, then every expert. */
    public static long inputWidth(int sharedExperts, int domains, int tasks, int width) {
        return (long) domains * tasks * sharedExperts
                + (long) (sharedExperts + domains + tasks) * width;
    }

    public int pairs() {
        return domains * tasks;
    }

    public int getSharedExperts() {
        return sharedExperts;
    }

    public void setSharedExperts(int sharedExperts) {
        this.sharedExperts = sharedExperts;
    }

    public int getDomains() {
        return domains;
    }

    public void setDomains(int domains) {
        this.domains = domains;
    }

    public int getTasks() {
        return tasks;
    }

    public void setTasks(int tasks) {
        this.tasks = tasks;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public double getStructureInit() {
        return structureInit;
    }

    public void setStructureInit(double structureInit) {
        this.structureInit = structureInit;
    }

    @Override
    protected BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new TwoLevelFusionLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return TwoLevelFusionParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, TwoLevelFusion.class, inputType, out)
                .standardMemory(TwoLevelFusionParams.STRUCTURE_WEIGHTS, 0)
                .workingMemory(
                        0, (long) (domains + tasks) * width, 0, (long) (domains + tasks) * width)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoLevelFusion other
                && super.equals(o)
                && other.sharedExperts == sharedExperts
                && other.domains == domains
                && other.tasks == tasks
                && other.width == width
                && Double.compare(other.structureInit, structureInit) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                super.hashCode(), sharedExperts, domains, tasks, width, structureInit);
    }

    /** Builder; nIn and nOut follow from the sizes. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int sharedExperts;
        private int domains;
        private int tasks;
        private int width;
        private double structureInit = 1.0;

        public Builder sizes(int sharedExperts, int domains, int tasks, int width) {
            this.sharedExperts = sharedExperts;
            this.domains = domains;
            this.tasks = tasks;
            this.width = width;
            return this;
        }

        /** Raw value of every structure weight before training (the reference CLI default is 1). */
        public Builder structureInit(double value) {
            this.structureInit = value;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TwoLevelFusion build() {
            if (sharedExperts < 1
                    || domains < 1
                    || tasks < 1
                    || width < 1
                    || !Double.isFinite(structureInit)) {
                throw new IllegalArgumentException(
                        "fusion needs at least one shared expert, domain, task and unit "
                                + "and a finite structure init, got sharedExperts="
                                + sharedExperts
                                + " domains="
                                + domains
                                + " tasks="
                                + tasks
                                + " width="
                                + width
                                + " structureInit="
                                + structureInit);
            }
            nIn(inputWidth(sharedExperts, domains, tasks, width));
            nOut((long) domains * tasks * width);
            return new TwoLevelFusion(this);
        }
    }
}
