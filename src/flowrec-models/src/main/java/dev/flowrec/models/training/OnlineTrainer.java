package dev.flowrec.models.training;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link MultiTaskModel} on a stream of examples, one mini-batch at a time:
 *
 * <pre>{@code
 * OnlineTrainer trainer = new OnlineTrainer(MultiTaskModels.create(settings), 256, metrics::update);
 * examples.forEach(trainer::add);   // every 256th add runs a step
 * trainer.flush();                  // end of input: train the partial batch
 * }</pre>
 *
 * A step builds a {@link Batch}, scores it ({@link MultiTaskModel#predict}), hands the scores to
 * the {@link PredictionListener}, then trains on it ({@link MultiTaskModel#fit}) with the loss
 * weights its {@link LossWeighting} derives from those scores (the delayed-feedback corrections):
 * every example is scored by a model that has not seen it (prequential evaluation).
 *
 * <p>{@link #checkpoint()} captures everything a restarted trainer needs to continue exactly as
 * this one would: the model with its optimiser state, the buffered examples and the counters.
 * Format (big-endian): int {@link #CHECKPOINT_MAGIC}, int {@link #CHECKPOINT_VERSION}, long
 * examples trained, long steps, double last loss, long train nanos, int fields, int tasks, int
 * buffered count, per buffered example its rows, scenario, labels, weights, int behaviours, int
 * sequence row count and the sequence rows, int model length and the model artifact, then an int
 * CRC-32 of everything before it. Version 1, without the sequences, is still read. Not thread-safe.
 */
public final class OnlineTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainer.class);

    /** "FRTC": FlowRec trainer checkpoint. */
    public static final int CHECKPOINT_MAGIC = 0x46525443;

    /** The checkpoint version this build writes; it reads this one and version 1. */
    public static final int CHECKPOINT_VERSION = 2;

    private final MultiTaskModel model;
    private final int batchSize;
    private final PredictionListener listener;
    private final LossWeighting weighting;
    private final int fields;
    private final int tasks;
    private final int vocabularySize;
    private final List<EncodedExample> buffer;

    private long examplesTrained;
    private long steps;
    private double lastLoss = Double.NaN;
    private long trainNanos;

    /**
     * @param model the model to train; the trainer owns it from now on
     * @param batchSize examples per step; 256 to 4096 suits the CPU backend
     * @param listener receives each batch's scores before the batch is trained on
     */
    public OnlineTrainer(MultiTaskModel model, int batchSize, PredictionListener listener) {
        this(model, batchSize, listener, LossWeighting.NONE);
    }

    /**
     * @param weighting turns each scored batch into the batch trained on (loss weights from the scores)
     */
    public OnlineTrainer(MultiTaskModel model, int batchSize, PredictionListener listener, LossWeighting weighting) {
        if (model == null || listener == null || weighting == null) {
            throw new IllegalArgumentException("model, listener and weighting must not be null, got model=" + model
                    + " listener=" + listener + " weighting=" + weighting);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.listener = listener;
        this.weighting = weighting;
        this.fields = model.settings().features().fieldCount();
        this.tasks = model.settings().space().taskCount();
        this.vocabularySize = model.settings().vocabularySize();
        this.buffer = new ArrayList<>(batchSize);
    }

    /**
     * Buffers one example; when the buffer reaches the batch size, runs a step.
     *
     * @throws IllegalArgumentException when the example does not fit the model (field or task count,
     *     or a row outside the embedding table); nothing is buffered then
     */
    public void add(EncodedExample example) {
        checkExample(example);
        buffer.add(example);
        while (buffer.size() >= batchSize) {
            step(batchSize);
        }
    }

    /** Trains on whatever is buffered, even less than a batch (end of input); no-op when empty. */
    public void flush() {
        if (!buffer.isEmpty()) {
            step(buffer.size());
        }
    }

    private void step(int size) {
        List<EncodedExample> head = buffer.subList(0, size);
        Batch batch = Batch.of(head);
        long start = System.nanoTime();
        float[][] probs = model.predict(batch);
        long scored = System.nanoTime();
        // The listener's time is not training time, but the prediction before it is.
        listener.onPredictions(batch, probs);
        long fitStart = System.nanoTime();
        double loss = model.fit(weighting.reweigh(batch, probs));
        long end = System.nanoTime();
        head.clear();
        trainNanos += (scored - start) + (end - fitStart);
        examplesTrained += size;
        steps++;
        lastLoss = loss;
        LOG.debug("Step {}: {} examples, loss {}, {} ms", steps, size, loss,
                ((scored - start) + (end - fitStart)) / 1_000_000);
    }

    public MultiTaskModel model() {
        return model;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Examples waiting for the next step. */
    public int buffered() {
        return buffer.size();
    }

    public long examplesTrained() {
        return examplesTrained;
    }

    public long steps() {
        return steps;
    }

    /** Loss the model reported for the last step's batch before training on it; NaN before the first step. */
    public double lastLoss() {
        return lastLoss;
    }

    /** Time spent scoring and training in steps, listener calls excluded. */
    public Duration trainTime() {
        return Duration.ofNanos(trainNanos);
    }

    /** The trainer's full state in the versioned format described in the class documentation. */
    public byte[] checkpoint() {
        byte[] modelBytes = model.toBytes(true);
        int exampleBytes = buffer.size() * 4 * (fields + 1 + 2 * tasks);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(modelBytes.length + exampleBytes + 64);
        CRC32 crc = new CRC32();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, crc))) {
            out.writeInt(CHECKPOINT_MAGIC);
            out.writeInt(CHECKPOINT_VERSION);
            out.writeLong(examplesTrained);
            out.writeLong(steps);
            out.writeDouble(lastLoss);
            out.writeLong(trainNanos);
            out.writeInt(fields);
            out.writeInt(tasks);
            out.writeInt(buffer.size());
            for (EncodedExample e : buffer) {
                for (int r : e.featureRows()) {
                    out.writeInt(r);
                }
                out.writeInt(e.scenario());
                for (float l : e.labels()) {
                    out.writeFloat(l);
                }
                for (float w : e.weights()) {
                    out.writeFloat(w);
                }
                out.writeInt(e.behaviours());
                out.writeInt(e.sequenceRows().length);
                for (int r : e.sequenceRows()) {
                    out.writeInt(r);
                }
            }
            out.writeInt(modelBytes.length);
            out.write(modelBytes);
            out.flush();
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a trainer checkpoint to memory failed", e);
        }
        LOG.debug("Checkpoint after {} steps: {} bytes, {} buffered examples", steps, bytes.size(), buffer.size());
        return bytes.toByteArray();
    }

    /**
     * Rebuilds a trainer from {@link #checkpoint()}. With the original batch size it continues
     * exactly as the checkpointed trainer would have.
     *
     * @throws IllegalArgumentException when the bytes are not a readable checkpoint; the message says why
     */
    public static OnlineTrainer restore(byte[] state, int batchSize, PredictionListener listener) {
        return restore(state, batchSize, listener, LossWeighting.NONE);
    }

    /** As {@link #restore(byte[], int, PredictionListener)}, training with that loss weighting. */
    public static OnlineTrainer restore(byte[] state, int batchSize, PredictionListener listener,
            LossWeighting weighting) {
        if (state == null || state.length < 12) {
            throw new IllegalArgumentException("not a FlowRec trainer checkpoint: "
                    + (state == null ? "null" : state.length + " bytes") + " is too short");
        }
        ByteBuffer preamble = ByteBuffer.wrap(state);
        int magic = preamble.getInt();
        if (magic != CHECKPOINT_MAGIC) {
            throw new IllegalArgumentException(String.format(
                    "not a FlowRec trainer checkpoint: magic 0x%08X, expected 0x%08X", magic, CHECKPOINT_MAGIC));
        }
        int version = preamble.getInt();
        if (version != 1 && version != CHECKPOINT_VERSION) {
            throw new IllegalArgumentException("trainer checkpoint version " + version
                    + " is not supported; this reader supports versions 1 and " + CHECKPOINT_VERSION);
        }
        int storedCrc = ByteBuffer.wrap(state, state.length - 4, 4).getInt();
        int actualCrc = crc(state, state.length - 4);
        if (storedCrc != actualCrc) {
            throw new IllegalArgumentException(String.format(
                    "trainer checkpoint is corrupt: CRC-32 0x%08X, stored 0x%08X", actualCrc, storedCrc));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state, 8, state.length - 12))) {
            long examplesTrained = in.readLong();
            long steps = in.readLong();
            double lastLoss = in.readDouble();
            long trainNanos = in.readLong();
            int fields = in.readInt();
            int tasks = in.readInt();
            int buffered = in.readInt();
            if (fields < 1 || tasks < 1 || buffered < 0
                    || (long) buffered * 4 * (fields + 1 + 2 * tasks) > in.available()) {
                throw new IllegalArgumentException("trainer checkpoint header is inconsistent: fields=" + fields
                        + " tasks=" + tasks + " buffered=" + buffered + " with " + in.available() + " bytes left");
            }
            List<EncodedExample> examples = new ArrayList<>(buffered);
            for (int i = 0; i < buffered; i++) {
                int[] rows = new int[fields];
                for (int f = 0; f < fields; f++) {
                    rows[f] = in.readInt();
                }
                int scenario = in.readInt();
                float[] labels = new float[tasks];
                for (int t = 0; t < tasks; t++) {
                    labels[t] = in.readFloat();
                }
                float[] weights = new float[tasks];
                for (int t = 0; t < tasks; t++) {
                    weights[t] = in.readFloat();
                }
                examples.add(version == 1 ? new EncodedExample(rows, scenario, labels, weights)
                        : readSequences(in, rows, scenario, labels, weights));
            }
            int modelLength = in.readInt();
            if (modelLength < 0 || modelLength != in.available()) {
                throw new IllegalArgumentException("trainer checkpoint declares a " + modelLength
                        + "-byte model but " + in.available() + " bytes remain");
            }
            MultiTaskModel model = MultiTaskModels.fromBytes(in.readNBytes(modelLength));
            OnlineTrainer trainer = new OnlineTrainer(model, batchSize, listener, weighting);
            if (trainer.fields != fields || trainer.tasks != tasks) {
                throw new IllegalArgumentException("trainer checkpoint buffers examples with " + fields + " fields and "
                        + tasks + " tasks but its model expects " + trainer.fields + " and " + trainer.tasks);
            }
            examples.forEach(trainer::checkExample);
            trainer.buffer.addAll(examples);
            trainer.examplesTrained = examplesTrained;
            trainer.steps = steps;
            trainer.lastLoss = lastLoss;
            trainer.trainNanos = trainNanos;
            LOG.info("Restored trainer: {} steps, {} examples trained, {} buffered, batch size {}",
                    steps, examplesTrained, buffered, batchSize);
            return trainer;
        } catch (EOFException e) {
            throw new IllegalArgumentException("trainer checkpoint is truncated (" + state.length + " bytes)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a trainer checkpoint from memory failed", e);
        }
    }

    private static EncodedExample readSequences(DataInputStream in, int[] rows, int scenario, float[] labels,
            float[] weights) throws IOException {
        int behaviours = in.readInt();
        int count = in.readInt();
        if (behaviours < 0 || count < 0 || count > in.available() / 4) {
            throw new IllegalArgumentException("trainer checkpoint declares " + behaviours + " sequences of "
                    + count + " rows, more than the bytes that remain");
        }
        int[] sequenceRows = new int[count];
        for (int i = 0; i < count; i++) {
            sequenceRows[i] = in.readInt();
        }
        return new EncodedExample(rows, scenario, labels, weights, behaviours, sequenceRows);
    }

    private void checkExample(EncodedExample example) {
        int[] rows = example.featureRows();
        if (rows.length != fields || example.labels().length != tasks) {
            throw new IllegalArgumentException("example has " + rows.length + " fields and " + example.labels().length
                    + " tasks but the model expects " + fields + " and " + tasks);
        }
        for (int f = 0; f < fields; f++) {
            if (rows[f] < 0 || rows[f] >= vocabularySize) {
                throw new IllegalArgumentException("example row " + rows[f] + " of field " + f
                        + " is outside the embedding table [0, " + vocabularySize + ")");
            }
        }
    }

    private static int crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }
}
