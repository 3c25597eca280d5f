package dev.flowrec.core.metrics;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Prequential metrics per scenario x task cell: AUC, log loss and calibration of predictions made
 * before training, in fixed memory per cell (one {@link CellMetrics} each, about 64 KiB).
 *
 * <p>Example, in the trainer: {@code evaluator.record(batch, model.predict(batch));
 * model.fit(batch);}, and every so often {@code evaluator.report().meanAuc()}.
 *
 * <p>Only the presence of a label matters, not its loss weight: a batch entry with weight 0 has no
 * label and is skipped, any positive weight counts once. The weights are training corrections for
 * delayed feedback (FNW, ES-DFM, DEFER) and must not leak into the evaluation. Which labels are fed
 * in is the caller's choice: FlowRec keeps one evaluator on the labels as trained (cheap and
 * immediate, but biased by fake negatives) and one on the final labels ({@link
 * FinalLabelEvaluator}), and compares models and policies on the final one.
 *
 * <p>Windows: keep one evaluator per window and {@link #merge} it into a running one when the
 * window closes. {@link #toBytes()} and {@link #fromBytes(byte[])} carry the state through
 * checkpoints; the format is versioned and checksummed. Not thread-safe.
 */
public final class OnlineEvaluator {
    /** "FRME": FlowRec metrics evaluator. */
    static final int MAGIC = 0x46524D45;

    /** The format {@link #toBytes()} writes and the newest {@link #fromBytes} reads. */
    static final int FORMAT_VERSION = 1;

    private final ScenarioTaskSpace space;
    private final CellMetrics[] cells; // scenario-major: cells[scenario * tasks + task]

    /** An evaluator with no example recorded, for every cell of {@code space}. */
    public OnlineEvaluator(ScenarioTaskSpace space) {
        this(space, newCells(space.scenarioCount() * space.taskCount()));
    }

    private OnlineEvaluator(ScenarioTaskSpace space, CellMetrics[] cells) {
        this.space = space;
        this.cells = cells;
    }

    private static CellMetrics[] newCells(int count) {
        CellMetrics[] cells = new CellMetrics[count];
        for (int i = 0; i < count; i++) {
            cells[i] = new CellMetrics();
        }
        return cells;
    }

    /** The scenarios and tasks this evaluator reports on. */
    public ScenarioTaskSpace space() {
        return space;
    }

    /**
     * Records one prediction and its label.
     *
     * @throws IllegalArgumentException if an index is out of range, the probability is NaN or
     *     outside [0, 1], or the label is not 0 or 1
     */
    public void record(int scenario, int task, double probability, int label) {
        cell(scenario, task).add(probability, label);
    }

    /**
     * Records every (example, task) of a batch whose weight is positive.
     *
     * @param probs the model's probabilities, {@code [example][task]} in the space's task order
     * @throws IllegalArgumentException if the shapes disagree with the batch or the space, a
     *     scenario index is out of range, or a labelled entry's label is not 0 or 1
     */
    public void record(Batch batch, float[][] probs) {
        int tasks = space.taskCount();
        if (batch.tasks() != tasks) {
            throw new IllegalArgumentException(
                    String.format(
                            "batch has %d tasks, the evaluator %d (%s)",
                            batch.tasks(), tasks, space.tasks()));
        }
        if (probs.length != batch.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            "probs has %d rows for a batch of %d examples",
                            probs.length, batch.size()));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (probs[i].length != tasks) {
                throw new IllegalArgumentException(
                        String.format(
                                "probs[%d] has %d entries, expected one per task (%d)",
                                i, probs[i].length, tasks));
            }
            int scenario = batch.scenarios()[i];
            for (int t = 0; t < tasks; t++) {
                if (batch.weight(i, t) > 0f) {
                    cell(scenario, t).add(probs[i][t], toLabel(batch.label(i, t), i, t));
                }
            }
        }
    }

    private static int toLabel(float label, int example, int task) {
        if (label == 1f) {
            return 1;
        }
        if (label == 0f) {
            return 0;
        }
        throw new IllegalArgumentException(
                String.format(
                        "label of example %d task %d must be 0 or 1, got %s",
                        example, task, label));
    }

    private CellMetrics cell(int scenario, int task) {
        if (scenario < 0 || scenario >= space.scenarioCount()) {
            throw new IllegalArgumentException(
                    String.format(
                            "scenario index must be in [0, %d), got %d",
                            space.scenarioCount(), scenario));
        }
        if (task < 0 || task >= space.taskCount()) {
            throw new IllegalArgumentException(
                    String.format(
                            "task index must be in [0, %d), got %d", space.taskCount(), task));
        }
        return cells[scenario * space.taskCount() + task];
    }

    /** Examples recorded over all cells. */
    public long examples() {
        long n = 0;
        for (CellMetrics c : cells) {
            n += c.count();
        }
        return n;
    }

    /** Current figures for every cell, keyed by cell key in scenario-major order. */
    public EvaluationReport report() {
        return EvaluationReport.of(space, i -> cells[i].report());
    }

    /**
     * Adds everything {@code other} recorded; {@code other} is unchanged.
     *
     * @throws IllegalArgumentException if the two evaluators cover different spaces
     */
    public void merge(OnlineEvaluator other) {
        if (!other.space.equals(space)) {
            throw new IllegalArgumentException(
                    String.format(
                            "cannot merge an evaluator over %s into one over %s",
                            other.space, space));
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i].merge(other.cells[i]);
        }
    }

    /** An independent copy. */
    public OnlineEvaluator copy() {
        CellMetrics[] copied = new CellMetrics[cells.length];
        for (int i = 0; i < cells.length; i++) {
            copied[i] = cells[i].copy();
        }
        return new OnlineEvaluator(space, copied);
    }

    /**
     * The whole state: magic, format version, scenario and task names, every cell, then a CRC-32 of
     * everything before it. Empty bins are not written, so a few KiB per cell in practice.
     */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            writeNames(out, space.scenarios());
            writeNames(out, space.tasks());
            for (CellMetrics cell : cells) {
                cell.writeTo(out);
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing evaluator state to memory failed", e);
        }
    }

    /**
     * Restores what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not evaluator state, come from a newer
     *     format version, are truncated, or fail their checksum or a consistency check
     */
    public static OnlineEvaluator fromBytes(byte[] state) {
        if (state.length < 12) {
            throw new IllegalArgumentException(
                    String.format("evaluator state too short: %d bytes", state.length));
        }
        int bodyLength = state.length - Integer.BYTES;
        CRC32 crc = new CRC32();
        crc.update(state, 0, bodyLength);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException(
                        String.format(
                                "not evaluator state: magic 0x%08X, expected 0x%08X",
                                magic, MAGIC));
            }
            int version = in.readInt();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        String.format(
                                "unsupported evaluator state version %d; this build reads versions"
                                        + " 1 to %d",
                                version, FORMAT_VERSION));
            }
            int stored = ByteBuffer.wrap(state).getInt(bodyLength); // big-endian, as written
            if (stored != (int) crc.getValue()) {
                throw new IllegalArgumentException(
                        String.format(
                                "evaluator state is corrupt: CRC-32 0x%08X, stored 0x%08X",
                                (int) crc.getValue(), stored));
            }
            ScenarioTaskSpace space = new ScenarioTaskSpace(readNames(in), readNames(in));
            CellMetrics[] cells = new CellMetrics[space.scenarioCount() * space.taskCount()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = CellMetrics.readFrom(in);
            }
            if (in.available() != Integer.BYTES) {
                throw new IllegalArgumentException(
                        String.format(
                                "evaluator state is corrupt: %d unexpected bytes after the last"
                                        + " cell",
                                in.available() - Integer.BYTES));
            }
            return new OnlineEvaluator(space, cells);
        } catch (EOFException e) {
            throw new IllegalArgumentException("evaluator state is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading evaluator state from memory failed", e);
        }
    }

    private static void writeNames(DataOutputStream out, List<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    private static List<String> readNames(DataInputStream in) throws IOException {
        int count = in.readInt();
        // Every name costs at least its two length bytes: a larger count is corruption, and
        // checking it first keeps a corrupt count from allocating a huge list.
        if (count < 1 || count > in.available() / 2) {
            throw new IllegalArgumentException(
                    String.format("evaluator state is corrupt: %d names", count));
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return names;
    }
}
