package dev.flowrec.models.training;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.events.BufferedExampleRecord;
import dev.flowrec.events.TrainerCheckpointRecord;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.RecordFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link MultiTaskModel} on a stream of examples, one mini-batch at a time:
 *
 * <pre>{@code
 * OnlineTrainer trainer =
 *         new OnlineTrainer(MultiTaskModels.create(settings), 256, metrics::update);
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
 * Format: a {@link RecordFrame} (magic "FRTC", {@link #CHECKPOINT_VERSION}, CRC-32) around an Avro
 * {@code TrainerCheckpointRecord} ({@code schemas/avro/TrainerCheckpoint.avsc}) whose model field
 * is the model's {@link dev.flowrec.models.ModelArtifact}. A change old checkpoints cannot survive
 * bumps the version; a reader for an older version is kept only once a release has shipped. Not
 * thread-safe.
 */
public final class OnlineTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineTrainer.class);

    /** "FRTC": FlowRec trainer checkpoint. */
    public static final int CHECKPOINT_MAGIC = 0x46525443;

    /** The checkpoint version this build writes and reads. */
    public static final int CHECKPOINT_VERSION = 1;

    private static final RecordFrame<TrainerCheckpointRecord> CHECKPOINT =
            new RecordFrame<>(
                    "trainer checkpoint",
                    CHECKPOINT_MAGIC,
                    CHECKPOINT_VERSION,
                    TrainerCheckpointRecord.getClassSchema());

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
     * @param weighting turns each scored batch into the batch trained on (loss weights from the
     *     scores)
     */
    public OnlineTrainer(
            MultiTaskModel model,
            int batchSize,
            PredictionListener listener,
            LossWeighting weighting) {
        if (model == null || listener == null || weighting == null) {
            throw new IllegalArgumentException(
                    "model, listener and weighting must not be null, got model="
                            + model
                            + " listener="
                            + listener
                            + " weighting="
                            + weighting);
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
     * @throws IllegalArgumentException when the example does not fit the model (field or task
     *     count, or a row outside the embedding table); nothing is buffered then
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
        LOG.debug(
                "Step {}: {} examples, loss {}, {} ms",
                steps,
                size,
                loss,
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

    /**
     * Loss the model reported for the last step's batch before training on it; NaN before the first
     * step.
     */
    public double lastLoss() {
        return lastLoss;
    }

    /** Time spent scoring and training in steps, listener calls excluded. */
    public Duration trainTime() {
        return Duration.ofNanos(trainNanos);
    }

    /** The trainer's full state in the versioned format described in the class documentation. */
    public byte[] checkpoint() {
        return checkpointLater().get();
    }

    /**
     * {@link #checkpoint()} as of now, written when the supplier runs, on any thread, while this
     * trainer goes on: only copies are made now ({@link MultiTaskModel#checkpointLater()}).
     */
    public Supplier<byte[]> checkpointLater() {
        List<BufferedExampleRecord> buffered = new ArrayList<>(buffer.size());
        for (EncodedExample e : buffer) {
            buffered.add(
                    BufferedExampleRecord.newBuilder()
                            .setFeatureRows(IntStream.of(e.featureRows()).boxed().toList())
                            .setScenario(e.scenario())
                            .setLabels(floats(e.labels()))
                            .setWeights(floats(e.weights()))
                            .setBehaviours(e.behaviours())
                            .setSequenceRows(IntStream.of(e.sequenceRows()).boxed().toList())
                            .build());
        }
        TrainerCheckpointRecord.Builder record =
                TrainerCheckpointRecord.newBuilder()
                        .setExamplesTrained(examplesTrained)
                        .setSteps(steps)
                        .setLastLoss(lastLoss)
                        .setTrainNanos(trainNanos)
                        .setBuffered(buffered);
        Supplier<byte[]> model = this.model.checkpointLater();
        long atStep = steps;
        return () -> {
            byte[] bytes = CHECKPOINT.encode(record.setModel(ByteBuffer.wrap(model.get())).build());
            LOG.debug(
                    "Checkpoint after {} steps: {} bytes, {} buffered examples",
                    atStep,
                    bytes.length,
                    buffered.size());
            return bytes;
        };
    }

    /**
     * Rebuilds a trainer from {@link #checkpoint()}. With the original batch size it continues
     * exactly as the checkpointed trainer would have.
     *
     * @throws IllegalArgumentException when the bytes are not a readable checkpoint; the message
     *     says why
     */
    public static OnlineTrainer restore(byte[] state, int batchSize, PredictionListener listener) {
        return restore(state, batchSize, listener, LossWeighting.NONE);
    }

    /** As {@link #restore(byte[], int, PredictionListener)}, training with that loss weighting. */
    public static OnlineTrainer restore(
            byte[] state, int batchSize, PredictionListener listener, LossWeighting weighting) {
        TrainerCheckpointRecord checkpoint = CHECKPOINT.decode(state);
        ByteBuffer modelBytes = checkpoint.getModel();
        byte[] artifact = new byte[modelBytes.remaining()];
        modelBytes.duplicate().get(artifact);
        OnlineTrainer trainer =
                new OnlineTrainer(
                        MultiTaskModels.fromBytes(artifact), batchSize, listener, weighting);
        for (BufferedExampleRecord e : checkpoint.getBuffered()) {
            EncodedExample example =
                    new EncodedExample(
                            ints(e.getFeatureRows()),
                            e.getScenario(),
                            floats(e.getLabels()),
                            floats(e.getWeights()),
                            e.getBehaviours(),
                            ints(e.getSequenceRows()));
            trainer.checkExample(example);
            trainer.buffer.add(example);
        }
        trainer.examplesTrained = checkpoint.getExamplesTrained();
        trainer.steps = checkpoint.getSteps();
        trainer.lastLoss = checkpoint.getLastLoss();
        trainer.trainNanos = checkpoint.getTrainNanos();
        LOG.info(
                "Restored trainer: {} steps, {} examples trained, {} buffered, batch size {}",
                trainer.steps,
                trainer.examplesTrained,
                trainer.buffer.size(),
                batchSize);
        return trainer;
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private void checkExample(EncodedExample example) {
        int[] rows = example.featureRows();
        if (rows.length != fields || example.labels().length != tasks) {
            throw new IllegalArgumentException(
                    "example has "
                            + rows.length
                            + " fields and "
                            + example.labels().length
                            + " tasks but the model expects "
                            + fields
                            + " and "
                            + tasks);
        }
        for (int f = 0; f < fields; f++) {
            if (rows[f] < 0 || rows[f] >= vocabularySize) {
                throw new IllegalArgumentException(
                        "example row "
                                + rows[f]
                                + " of field "
                                + f
                                + " is outside the embedding table [0, "
                                + vocabularySize
                                + ")");
            }
        }
    }
}
