package dev.flowrec.core.metrics;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final-label view, on which models and policies are compared: each impression's first
 * prediction per task (scored before training, as the as-trained {@link OnlineEvaluator} sees it)
 * joined with the label known once the attribution window closed, so fake negatives do not bias the
 * figures.
 *
 * <p>Batches carry no impression ids, so the trainer announces each example's id with {@link
 * #expect} in the order it buffers them, and {@link #record} takes the ids of a scored batch from
 * the head of that queue. Predictions and final labels wait for each other in memory, whichever
 * comes first: at a steady rate about (examples per second) x W impressions are held.
 *
 * <p>At most {@code maxPending} impressions are held, so a final label that never comes (its join
 * state expired, or the job's windows changed) cannot grow the trainer's heap and checkpoint
 * without bound: a new impression beyond that evicts the one waiting longest, the one whose label
 * is most likely lost, and {@link #overflowCount} counts it. An evicted impression is missing from
 * the figures, so a growing count means the bound is too small for rate x W.
 *
 * <p>Every joined prediction counts twice: in the cumulative figures ({@link #report()}) and in a
 * {@link FinalLabelWindow} of each cell's most recent ones ({@link #windowReport()}), which the
 * quality gate judges. Both bounds are a {@link FinalLabelLimits}.
 */
public final class FinalLabelEvaluator {
    private static final int MAGIC = 0x4652464C; // "FRFL"
    private static final int NONE = -1;
    private static final int DONE = -2;

    private final ScenarioTaskSpace space;
    private final OnlineEvaluator evaluator;
    private final FinalLabelWindow window;
    private final ArrayDeque<String> expected = new ArrayDeque<>();
    private final int maxPending;
    // Insertion order: the eldest entry waited longest, so it goes first on overflow.
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private long overflow;

    /** What is known of one impression: per task its first prediction and its final label. */
    private static final class Pending {
        int scenario;
        final float[] prediction;
        final int[] label;

        Pending(int scenario, int tasks) {
            this.scenario = scenario;
            this.prediction = new float[tasks];
            this.label = new int[tasks];
            Arrays.fill(prediction, Float.NaN);
            Arrays.fill(label, NONE);
        }

        boolean finished() {
            return Arrays.stream(label).allMatch(l -> l == DONE);
        }
    }

    public FinalLabelEvaluator(ScenarioTaskSpace space) {
        this(space, FinalLabelLimits.DEFAULT);
    }

    public FinalLabelEvaluator(ScenarioTaskSpace space, FinalLabelLimits limits) {
        this(space, limits.maxPending(), new FinalLabelWindow(space, limits.windowExamples()));
    }

    private FinalLabelEvaluator(ScenarioTaskSpace space, int maxPending, FinalLabelWindow window) {
        this.space = space;
        this.evaluator = new OnlineEvaluator(space);
        this.window = window;
        this.maxPending = maxPending;
    }

    /** The next example handed to the trainer belongs to this impression. */
    public void expect(String impressionId) {
        expected.add(impressionId);
    }

    /** Takes back the last {@link #expect}: the trainer refused that example. */
    public void withdrawLast() {
        expected.pollLast();
    }

    /** A scored batch: its examples are the next {@code batch.size()} announced ones. */
    public void record(Batch batch, float[][] probs) {
        if (expected.size() < batch.size()) {
            throw new IllegalStateException(
                    batch.size()
                            + " predictions but only "
                            + expected.size()
                            + " examples announced");
        }
        for (int i = 0; i < batch.size(); i++) {
            String id = expected.poll();
            Pending p = pendingFor(id, NONE);
            p.scenario = batch.scenarios()[i];
            for (int t = 0; t < space.taskCount(); t++) {
                if (batch.weight(i, t) > 0f && Float.isNaN(p.prediction[t]) && p.label[t] != DONE) {
                    p.prediction[t] = probs[i][t];
                }
            }
            settle(id, p);
        }
    }

    /** The final labels of one impression, per task 0 or 1, or -1 where this call carries none. */
    public void resolve(String impressionId, int scenario, int[] finalLabels) {
        Pending p = pendingFor(impressionId, scenario);
        p.scenario = scenario;
        for (int t = 0; t < space.taskCount(); t++) {
            if (finalLabels[t] >= 0 && p.label[t] != DONE) {
                p.label[t] = finalLabels[t];
            }
        }
        settle(impressionId, p);
    }

    private Pending pendingFor(String id, int scenario) {
        Pending p = pending.get(id);
        if (p == null) {
            if (pending.size() >= maxPending) {
                Map.Entry<String, Pending> eldest = pending.entrySet().iterator().next();
                pending.remove(eldest.getKey());
                overflow++;
            }
            p = new Pending(scenario, space.taskCount());
            pending.put(id, p);
        }
        return p;
    }

    private void settle(String id, Pending p) {
        for (int t = 0; t < space.taskCount(); t++) {
            if (p.label[t] >= 0 && !Float.isNaN(p.prediction[t])) {
                evaluator.record(p.scenario, t, p.prediction[t], p.label[t]);
                window.record(p.scenario, t, p.prediction[t], p.label[t]);
                p.label[t] = DONE;
            }
        }
        if (p.finished()) {
            pending.remove(id);
        }
    }

    /** Metrics of the predictions whose final label is known. */
    public EvaluationReport report() {
        return evaluator.report();
    }

    /** Metrics of each cell's most recent predictions whose final label is known. */
    public EvaluationReport windowReport() {
        return window.report();
    }

    /** Impressions waiting for a prediction or a final label. */
    public int pendingImpressions() {
        return pending.size();
    }

    /**
     * Impressions evicted unresolved because {@code maxPending} were already held, since this
     * instance was created (not part of {@link #toBytes}: like a Flink counter it starts from zero
     * after a restore).
     */
    public long overflowCount() {
        return overflow;
    }

    /**
     * The whole state, including the metrics and the window; {@link #fromBytes} reads it back.
     * Pending impressions are written eldest first, so a restored view evicts in the same order.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            byte[] metrics = evaluator.toBytes();
            out.writeInt(metrics.length);
            out.write(metrics);
            out.writeInt(expected.size());
            for (String id : expected) {
                out.writeUTF(id);
            }
            out.writeInt(pending.size());
            for (Map.Entry<String, Pending> e : pending.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().scenario);
                for (int t = 0; t < space.taskCount(); t++) {
                    out.writeFloat(e.getValue().prediction[t]);
                    out.writeInt(e.getValue().label[t]);
                }
            }
            byte[] recent = window.toBytes();
            out.writeInt(recent.length);
            out.write(recent);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the final-label view to memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static FinalLabelEvaluator fromBytes(byte[] state) {
        return fromBytes(state, FinalLabelLimits.DEFAULT);
    }

    /**
     * Reads {@link #toBytes} within new limits. When the state holds more pending impressions than
     * {@code maxPending} (the bound was lowered), the eldest beyond it are evicted and counted;
     * when a cell's window holds more than {@code windowExamples}, its eldest leave the window.
     */
    public static FinalLabelEvaluator fromBytes(byte[] state, FinalLabelLimits limits) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not final-label evaluator state");
            }
            OnlineEvaluator metrics = OnlineEvaluator.fromBytes(in.readNBytes(in.readInt()));
            List<String> expected = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                expected.add(in.readUTF());
            }
            Map<String, Pending> pending = readPending(in, metrics.space().taskCount());
            ScenarioTaskSpace space = metrics.space();
            FinalLabelWindow window =
                    FinalLabelWindow.fromBytes(
                            in.readNBytes(in.readInt()), space, limits.windowExamples());
            FinalLabelEvaluator out = new FinalLabelEvaluator(space, limits.maxPending(), window);
            out.evaluator.merge(metrics);
            out.expected.addAll(expected);
            pending.forEach(
                    (id, p) -> {
                        out.pendingFor(id, p.scenario);
                        out.pending.put(id, p);
                    });
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "final-label evaluator state is truncated (" + state.length + " bytes)", e);
        }
    }

    /** The pending impressions, eldest first. */
    private static Map<String, Pending> readPending(DataInputStream in, int tasks)
            throws IOException {
        Map<String, Pending> out = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            String id = in.readUTF();
            Pending p = new Pending(in.readInt(), tasks);
            for (int t = 0; t < tasks; t++) {
                p.prediction[t] = in.readFloat();
                p.label[t] = in.readInt();
            }
            out.put(id, p);
        }
        return out;
    }
}
