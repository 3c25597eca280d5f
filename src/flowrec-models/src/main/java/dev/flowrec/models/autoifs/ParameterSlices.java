package dev.flowrec.models.autoifs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The part of a graph's flat parameter array that belongs to a chosen set of layers and vertices,
 * so that AutoIFS can snapshot and rewind the main model without touching the gate network.
 *
 * <p>Located through DL4J's updater blocks, which record each parameter's offset in the flat array
 * of every layer. Intervals are computed once per graph and are valid for any graph with the same
 * layers in the same order.
 */
final class ParameterSlices {
    private final long[][] params;
    private final long paramLength;

    private ParameterSlices(List<long[]> params) {
        this.params = merge(params);
        this.paramLength = length(this.params);
    }

    /** The parameters of the layers and vertices whose name passes. */
    static ParameterSlices select(ComputationGraph graph, Predicate<String> byName) {
        List<long[]> params = new ArrayList<>();
        for (UpdaterBlock block : graph.getUpdater().getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                if (byName.test(nameOf(p.getLayer()))
                        && p.getParamOffsetEnd() > p.getParamOffsetStart()) {
                    params.add(new long[] {p.getParamOffsetStart(), p.getParamOffsetEnd()});
                }
            }
        }
        return new ParameterSlices(params);
    }

    static String nameOf(Trainable trainable) {
        if (trainable instanceof GraphVertex vertex) {
            return vertex.getVertexName();
        }
        if (trainable instanceof Layer layer) {
            return layer.conf().getLayer().getLayerName();
        }
        return trainable.getConfig().getLayerName();
    }

    long parameterCount() {
        return paramLength;
    }

    /** A {@code [1, parameterCount()]} copy of the selected parameters. */
    INDArray copyParameters(ComputationGraph graph) {
        return gather(graph.params(), params, paramLength);
    }

    void setParameters(ComputationGraph graph, INDArray values) {
        scatter(values, graph.params(), params, paramLength);
    }

    private static INDArray gather(INDArray flat, long[][] intervals, long length) {
        INDArray out = Nd4j.create(flat.dataType(), 1, length);
        long offset = 0;
        for (long[] interval : intervals) {
            long n = interval[1] - interval[0];
            slice(out, offset, offset + n).assign(slice(flat, interval[0], interval[1]));
            offset += n;
        }
        return out;
    }

    private static void scatter(INDArray values, INDArray flat, long[][] intervals, long length) {
        if (values.length() != length) {
            throw new IllegalArgumentException(
                    "expected " + length + " values for these slices, got " + values.length());
        }
        INDArray row = values.reshape(length);
        long offset = 0;
        for (long[] interval : intervals) {
            long n = interval[1] - interval[0];
            slice(flat, interval[0], interval[1]).assign(slice(row, offset, offset + n));
            offset += n;
        }
    }

    /**
     * A view (never a copy: writes must reach the graph) of {@code [from, to)} of a flat array,
     * which DL4J keeps as {@code [N]} or {@code [1, N]} depending on the array.
     */
    private static INDArray slice(INDArray flat, long from, long to) {
        if (flat.rank() == 1) {
            return flat.get(NDArrayIndex.interval(from, to));
        }
        if (flat.rank() == 2 && flat.size(0) == 1) {
            return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
        }
        throw new IllegalStateException(
                "expected a flat [N] or [1, N] array, got shape " + Arrays.toString(flat.shape()));
    }

    private static long[][] merge(List<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] interval : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1] == interval[0]) {
                out.get(out.size() - 1)[1] = interval[1];
            } else {
                out.add(new long[] {interval[0], interval[1]});
            }
        }
        return out.toArray(new long[0][]);
    }

    private static long length(long[][] intervals) {
        long n = 0;
        for (long[] interval : intervals) {
            n += interval[1] - interval[0];
        }
        return n;
    }
}
