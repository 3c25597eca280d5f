package dev.flowrec.core.metrics;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The final-label view over a window: per scenario x task cell, the figures of the most recent
 * {@code capacity} predictions whose final label is known. The cumulative view ({@link
 * FinalLabelEvaluator#report()}) moves ever more slowly as it grows, so a model that got worse an
 * hour ago still shows the figures of a good day; the window shows what the model does now, and the
 * quality gate judges it.
 *
 * <p>Memory and checkpoint size are bounded by the capacity: per cell at most 5 bytes an example
 * (the prediction as a float and the label) plus a {@link BinnedAuc} of fixed size. The state holds
 * the examples, not the figures; see {@link CellWindow} for why the figures read back exactly. Not
 * thread-safe.
 */
public final class FinalLabelWindow {
    /** "FRFW": FlowRec final-label window. */
    private static final int MAGIC = 0x46524657;

    private static final int FORMAT_VERSION = 1;

    /** Largest examples per cell. */
    public static final int MAX_CAPACITY = CellWindow.MAX_CAPACITY;

    private final ScenarioTaskSpace space;
    private final int capacity;
    private final CellWindow[] cells; // scenario-major, as in OnlineEvaluator

    /**
     * @param capacity most examples per cell, in [1, {@value #MAX_CAPACITY}]
     */
    public FinalLabelWindow(ScenarioTaskSpace space, int capacity) {
        this(space, capacity, new CellWindow[space.scenarioCount() * space.taskCount()]);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new CellWindow(capacity);
        }
    }

    private FinalLabelWindow(ScenarioTaskSpace space, int capacity, CellWindow[] cells) {
        this.space = space;
        this.capacity = capacity;
        this.cells = cells;
    }

    /** Most examples per cell. */
    public int capacity() {
        return capacity;
    }

    /**
     * Adds one prediction with its final label to its cell, pushing out the cell's eldest when
     * full.
     *
     * @throws IllegalArgumentException if an index is out of range, the probability is NaN or
     *     outside [0, 1], or the label is not 0 or 1
     */
    public void record(int scenario, int task, float probability, int label) {
        if (scenario < 0
                || scenario >= space.scenarioCount()
                || task < 0
                || task >= space.taskCount()) {
            throw new IllegalArgumentException(
                    String.format("no cell (%d, %d) in %s", scenario, task, space));
        }
        cells[scenario * space.taskCount() + task].add(probability, label);
    }

    /** The figures of every cell's window, keyed by cell in scenario-major order. */
    public EvaluationReport report() {
        return EvaluationReport.of(space, i -> cells[i].report());
    }

    /** Magic, format version, cell count, then each cell's examples eldest first. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(cells.length);
            for (CellWindow cell : cells) {
                cell.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the final-label window to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads {@link #toBytes} into windows of {@code capacity} over {@code space}, keeping each
     * cell's newest examples when the capacity was lowered.
     *
     * @throws IllegalArgumentException if the bytes are not window state, come from a newer format,
     *     are truncated, or hold another number of cells than the space has
     */
    public static FinalLabelWindow fromBytes(byte[] state, ScenarioTaskSpace space, int capacity) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version < 1 || version > FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        String.format(
                                "not final-label window state of format 1 to %d: magic 0x%08X,"
                                        + " version %d",
                                FORMAT_VERSION, magic, version));
            }
            int count = in.readInt();
            CellWindow[] cells = new CellWindow[space.scenarioCount() * space.taskCount()];
            if (count != cells.length) {
                throw new IllegalArgumentException(
                        String.format(
                                "final-label window state has %d cells, %s has %d",
                                count, space, cells.length));
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i] = CellWindow.readFrom(in, capacity);
            }
            return new FinalLabelWindow(space, capacity, cells);
        } catch (EOFException e) {
            throw new IllegalArgumentException(
                    "final-label window state is truncated (" + state.length + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading final-label window state failed", e);
        }
    }
}
