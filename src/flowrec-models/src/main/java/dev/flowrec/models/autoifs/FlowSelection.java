package dev.flowrec.models.autoifs;

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
 * AutoIFS's scenario layer, task layer and flow selection, as the authors' code computes them, as a
 * hand-written DL4J layer with an analytic backward pass (a SameDiff vertex would pay SameDiff's
 * per-step overhead, and DL4J 1.0.0-M2.1 computes such vertices wrongly under workspaces).
 * Parameters and their initialisation in {@link FlowMath}.
 *
 * <p>Input, one merged row: the shared bottom's output {@code z [d]}, the scenario one-hot {@code
 * [K]}, the gate network's raw scores {@code [4M]} in gate order and the control pair (temperature,
 * hard flag). Output: one logit per task {@code [M]}. Runtime in {@link FlowSelectionLayer},
 * parameters in {@link FlowSelectionParams}.
 */
public final class FlowSelection extends HandWrittenLayer {
    private static final long serialVersionUID = 1L;

    private int inputSize;
    private int outputSize;
    private int scenarios;
    private int tasks;
    private int rank;

    /** For JSON deserialisation only. */
    public FlowSelection() {}

    private FlowSelection(Builder builder) {
        super(builder);
        this.inputSize = builder.inputSize;
        this.outputSize = builder.outputSize;
        this.scenarios = builder.scenarios;
        this.tasks = builder.tasks;
        this.rank = builder.rank;
    }

    /** Width of the merged input row: {@code d + K + 4M + 2}. */
    static long inputWidth(int inputSize, int scenarios, int tasks) {
        return (long) inputSize + scenarios + 4L * tasks + 2;
    }

    long parameterCount() {
        long d = inputSize;
        long h = outputSize;
        long kr = (long) scenarios * rank;
        long mr = (long) tasks * rank;
        return d * h + h + d * kr + kr * h + (long) scenarios * h + h + 1 + h * mr + mr + tasks;
    }

    /** Forward FLOPs of one example ({@link FlowMath#forwardFlops}). */
    @Override
    public long forwardFlopsPerExample() {
        return FlowMath.forwardFlops(inputSize, outputSize, scenarios, tasks, rank);
    }

    /** The products {@link FlowMath#forwardFlops} counts, as {@code [in, out]} pairs. */
    @Override
    public int[][] denseProducts() {
        int kr = scenarios * rank;
        int mr = tasks * rank;
        int[][] products = new int[3 + 3 * 3][];
        products[0] = new int[] {inputSize, outputSize};
        products[1] = new int[] {inputSize, kr};
        products[2] = new int[] {kr, outputSize};
        for (int i = 0; i < 3; i++) {
            products[3 + 3 * i] = new int[] {outputSize, 1};
            products[4 + 3 * i] = new int[] {outputSize, mr};
            products[5 + 3 * i] = new int[] {mr, 1};
        }
        return products;
    }

    @Override
    protected BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new FlowSelectionLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return FlowSelectionParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = 6L * outputSize + 4L * (long) (scenarios + tasks) * rank + 12L * tasks;
        return new LayerMemoryReport.Builder(layerName, FlowSelection.class, inputType, out)
                .standardMemory(parameterCount(), 0)
                .workingMemory(0, perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public int getInputSize() {
        return inputSize;
    }

    public void setInputSize(int inputSize) {
        this.inputSize = inputSize;
    }

    public int getOutputSize() {
        return outputSize;
    }

    public void setOutputSize(int outputSize) {
        this.outputSize = outputSize;
    }

    public int getScenarios() {
        return scenarios;
    }

    public void setScenarios(int scenarios) {
        this.scenarios = scenarios;
    }

    public int getTasks() {
        return tasks;
    }

    public void setTasks(int tasks) {
        this.tasks = tasks;
    }

    public int getRank() {
        return rank;
    }

    public void setRank(int rank) {
        this.rank = rank;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowSelection other
                && super.equals(o)
                && other.inputSize == inputSize
                && other.outputSize == outputSize
                && other.scenarios == scenarios
                && other.tasks == tasks
                && other.rank == rank;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                super.hashCode(), inputSize, outputSize, scenarios, tasks, rank);
    }

    /** Builder; nIn and nOut follow from the sizes. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int inputSize;
        private int outputSize;
        private int scenarios;
        private int tasks;
        private int rank;

        /**
         * @param inputSize width d of the shared bottom's output
         * @param outputSize width h of the scenario layer
         * @param scenarios number of scenarios K
         * @param tasks number of tasks M
         * @param rank LoRA rank r
         */
        public Builder sizes(int inputSize, int outputSize, int scenarios, int tasks, int rank) {
            this.inputSize = inputSize;
            this.outputSize = outputSize;
            this.scenarios = scenarios;
            this.tasks = tasks;
            this.rank = rank;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public FlowSelection build() {
            FlowMath.checkSizes(inputSize, outputSize, scenarios, tasks, rank);
            nIn(inputWidth(inputSize, scenarios, tasks));
            nOut(tasks);
            return new FlowSelection(this);
        }
    }
}
