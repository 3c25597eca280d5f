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
 * The parts of a graph's flat parameter array and flat updater-state array that belong to a chosen
 * set of layers and vertices, so that AutoIFS can snapshot and rewind the main model, or reset the
 * gate network's optimiser, without touching the rest.
 *
 * <p>Located through DL4J's updater blocks: a block holds consecutive parameters with one updater
 * configuration and lays out its state as {@code k} arrays of the block's length ({@code k = 2},
 * first and second moment, for Adam; 0 for plain SGD), so a parameter at block offset {@code
 * [a, b)} owns state {@code [s·n + a, s·n + b)} for each of the k arrays. This holds for every
 * ND4J updater with per-parameter state; the constructor checks that the state length is a
 * multiple of the block length. Intervals are computed once per graph and are valid for any graph
 * with the same configuration.
 */
final class ParameterSlices {
    private final long[][] params;
    private final long[][] state;
    private final long paramLength;
    private final long stateLength;

    private ParameterSlices(List<long[]> params, List<long[]> state) {
        this.params = merge(params);
        this.state = merge(state);
        this.paramLength = length(this.params);
        this.stateLength = length(this.state);
    }

    /** The parameters (and their optimiser state) of the layers and vertices whose name passes. */
    static ParameterSlices select(ComputationGraph graph, Predicate<String> byName) {
        List<long[]> params = new ArrayList<>();
        List<long[]> state = new ArrayList<>();
        for (UpdaterBlock block : graph.getUpdater().getUpdaterBlocks()) {
            long p0 = block.getParamOffsetStart();
            long n = block.getParamOffsetEnd() - p0;
            long s0 = block.getUpdaterViewOffsetStart();
            long stateSize = block.getUpdaterViewOffsetEnd() - s0;
            if (n == 0) {
                continue;
            }
            if (stateSize % n != 0) {
                throw new IllegalStateException("updater block of " + n + " parameters has " + stateSize
                        + " state values, not a multiple; its layout is not per-parameter arrays");
            }
            long arrays = stateSize / n;
            for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                if (!byName.test(nameOf(p.getLayer()))) {
                    continue;
                }
                params.add(new long[] {p.getParamOffsetStart(), p.getParamOffsetEnd()});
                for (long s = 0; s < arrays; s++) {
                    long base = s0 + s * n - p0;
                    state.add(new long[] {base + p.getParamOffsetStart(), base + p.getParamOffsetEnd()});
                }
            }
        }
        return new ParameterSlices(params, state);
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

    long stateLength() {
        return stateLength;
    }

    /** A {@code [1, parameterCount()]} copy of the selected parameters. */
    INDArray copyParameters(ComputationGraph graph) {
        return gather(graph.params(), params, paramLength);
    }

    void setParameters(ComputationGraph graph, INDArray values) {
        scatter(values, graph.params(), params, paramLength);
    }

    /** A {@code [1, stateLength()]} copy of the selected optimiser state. */
    INDArray copyState(ComputationGraph graph) {
        return gather(graph.getUpdater().getStateViewArray(), state, stateLength);
    }

    void setState(ComputationGraph graph, INDArray values) {
        scatter(values, graph.getUpdater().getStateViewArray(), state, stateLength);
    }

    void zeroState(ComputationGraph graph) {
        INDArray view = graph.getUpdater().getStateViewArray();
        for (long[] interval : state) {
            slice(view, interval[0], interval[1]).assign(0);
        }
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
            throw new IllegalArgumentException("expected " + length + " values for these slices, got " + values.length());
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
     * A view (never a copy: writes must reach the graph) of {@code [from, to)} of a flat array, which
     * DL4J keeps as {@code [N]} or {@code [1, N]} depending on the array.
     */
    private static INDArray slice(INDArray flat, long from, long to) {
        if (flat.rank() == 1) {
            return flat.get(NDArrayIndex.interval(from, to));
        }
        if (flat.rank() == 2 && flat.size(0) == 1) {
            return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
        }
        throw new IllegalStateException("expected a flat [N] or [1, N] array, got shape " + Arrays.toString(flat.shape()));
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
