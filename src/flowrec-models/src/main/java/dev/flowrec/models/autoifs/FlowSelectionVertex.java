package dev.flowrec.models.autoifs;

import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J vertex for AutoIFS's scenario layer, task layer and flow selection ({@link FlowMath}).
 * Inputs, in this order: the shared bottom's output {@code z [B, inputSize]}, the scenario one-hot
 * {@code [B, scenarios]}, the gate network's raw scores {@code [B, 4·tasks]} and the control row
 * {@code [B, 2]} (temperature, hard flag). Output: one logit per task, {@code [B, tasks]}.
 *
 * <p>Initialisation follows the reference code ({@link FlowMath#initialise}).
 *
 * <p>Its runtime vertex is {@link HalvedGradientGraphVertex}, because M2.1's SameDiff vertex returns
 * twice the gradient.
 *
 * <p>DL4J stores this class by name in every artifact's graph JSON, with its fields through the
 * getters and setters: do not move or rename it or its properties. Its parameters are missing from
 * {@code ComputationGraph.numParams()} in M2.1; count with {@code params().length()}.
 */
public final class FlowSelectionVertex extends SameDiffVertex {
    private static final long serialVersionUID = 1L;

    private int inputSize;
    private int outputSize;
    private int scenarios;
    private int tasks;
    private int rank;

    /** For JSON deserialisation only. */
    public FlowSelectionVertex() {}

    /**
     * @param inputSize width d of the shared bottom's output
     * @param outputSize width h of the scenario layer
     * @param scenarios number of scenarios K
     * @param tasks number of tasks M
     * @param rank LoRA rank r
     */
    public FlowSelectionVertex(int inputSize, int outputSize, int scenarios, int tasks, int rank) {
        FlowMath.checkSizes(inputSize, outputSize, scenarios, tasks, rank);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.scenarios = scenarios;
        this.tasks = tasks;
        this.rank = rank;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("z", "scenario", "gate_scores", "control");
        params.addWeightParam("Ws", inputSize, outputSize);
        params.addBiasParam("bs", 1, outputSize);
        params.addWeightParam("As", inputSize, (long) scenarios * rank);
        params.addWeightParam("Bs", (long) scenarios * rank, outputSize);
        params.addBiasParam("cs", scenarios, outputSize);
        params.addWeightParam("Wt", outputSize, 1);
        params.addBiasParam("bt", 1, 1);
        params.addWeightParam("At", outputSize, (long) tasks * rank);
        params.addWeightParam("Bt", 1, (long) tasks * rank);
        params.addBiasParam("ct", 1, tasks);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
            Map<String, SDVariable> masks) {
        return FlowMath.define(sd, inputs.get("z"), inputs.get("scenario"), inputs.get("gate_scores"),
                inputs.get("control"), params, scenarios, tasks, rank).logits();
    }

    /** Forward FLOPs of one example ({@link FlowMath#forwardFlops}). */
    public long forwardFlopsPerExample() {
        return FlowMath.forwardFlops(inputSize, outputSize, scenarios, tasks, rank);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        FlowMath.initialise(params, inputSize, outputSize, scenarios, tasks, rank);
    }

    /** DL4J's SameDiff vertex with the M2.1 doubled gradient corrected ({@link HalvedGradientGraphVertex}). */
    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        // The base class records its name here; getLayerName() and the updater rely on it.
        setName(name);
        return new HalvedGradientGraphVertex(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(tasks);
    }

    @Override
    public GraphVertex clone() {
        FlowSelectionVertex copy = new FlowSelectionVertex(inputSize, outputSize, scenarios, tasks, rank);
        copy.setRegularization(regularization);
        copy.setRegularizationBias(regularizationBias);
        copy.setUpdater(updater == null ? null : updater.clone());
        copy.setBiasUpdater(biasUpdater == null ? null : biasUpdater.clone());
        copy.setGradientNormalization(gradientNormalization);
        copy.setGradientNormalizationThreshold(gradientNormalizationThreshold);
        copy.setDataType(dataType);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowSelectionVertex other) || !super.equals(o)) {
            return false;
        }
        return inputSize == other.inputSize && outputSize == other.outputSize && scenarios == other.scenarios
                && tasks == other.tasks && rank == other.rank;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), inputSize, outputSize, scenarios, tasks, rank);
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
}
