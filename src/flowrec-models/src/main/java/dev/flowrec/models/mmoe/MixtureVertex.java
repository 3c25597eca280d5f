package dev.flowrec.models.mmoe;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the gated mixture {@code y = Σ_k g[:, k] · x_k}: input 0 is the gate {@code g
 * [B, K]} (already softmax-normalised), inputs 1..K are the experts {@code x_k [B, d]}, the output
 * is {@code [B, d]}. No parameters. The per-example weighting is what DL4J's built-in vertices
 * cannot express ({@code ScaleVertex} scales by a constant), so this is a plain Java vertex ({@link
 * MixtureGraphVertex}, forward and backward by hand) rather than a {@code SameDiffVertex}, whose
 * backward pass in DL4J 1.0.0-M2.1 is twice the true gradient and wrong under workspaces.
 *
 * <p>A no-arg constructor and getters/setters keep the graph JSON (and so {@code ModelSerializer})
 * round-trip working.
 */
public final class MixtureVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    private int experts;
    private int width;

    /** For JSON deserialisation only. */
    public MixtureVertex() {}

    /**
     * @param experts number of experts K (the gate has K columns)
     * @param width width d of every expert's output, and of the mixture
     */
    public MixtureVertex(int experts, int width) {
        if (experts < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "a mixture needs at least 1 expert of width at least 1, got experts="
                            + experts
                            + " width="
                            + width);
        }
        this.experts = experts;
        this.width = width;
    }

    public int getExperts() {
        return experts;
    }

    public void setExperts(int experts) {
        this.experts = experts;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    @Override
    public MixtureVertex clone() {
        return new MixtureVertex(experts, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixtureVertex other && other.experts == experts && other.width == width;
    }

    @Override
    public int hashCode() {
        return 31 * experts + width;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return experts + 1;
    }

    @Override
    public int maxVertexInputs() {
        return experts + 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new MixtureGraphVertex(graph, name, idx, experts, width, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs)
            throws InvalidInputTypeException {
        if (vertexInputs.length != experts + 1) {
            throw new InvalidInputTypeException(
                    "mixture of "
                            + experts
                            + " experts needs "
                            + (experts + 1)
                            + " inputs (gate, then experts), got "
                            + vertexInputs.length);
        }
        return InputType.feedForward(width);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = InputType.feedForward(width);
        // Working memory: one [B, d] temporary per expert in the forward and backward passes.
        return new LayerMemoryReport.Builder(null, MixtureVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, (long) experts * width, 0, (long) experts * width)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "MixtureVertex(experts=" + experts + ", width=" + width + ")";
    }
}
