package dev.flowrec.models.m3oe;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stop-gradient: passes its one input through unchanged and sends a zero epsilon back, PyTorch's
 * {@code detach()}. M3oE's reference code feeds its gates the multi-view representation this way,
 * so the gate losses train the gates only, never the bottom. DL4J has no such vertex (its {@code
 * FrozenVertex} freezes a vertex's parameters, not the gradient to its input). Runtime in {@link
 * DetachGraphVertex}. No parameters.
 */
public final class DetachVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public DetachVertex clone() {
        return new DetachVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachVertex;
    }

    @Override
    public int hashCode() {
        return DetachVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new DetachGraphVertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs)
            throws InvalidInputTypeException {
        if (vertexInputs.length != 1) {
            throw new InvalidInputTypeException(
                    "detach takes exactly one input, got " + vertexInputs.length);
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, DetachVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "DetachVertex()";
    }
}
