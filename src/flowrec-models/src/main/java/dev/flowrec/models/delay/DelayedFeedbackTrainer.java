package dev.flowrec.models.delay;

import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.codec.Hashes;
import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.label.correction.BatchCorrection;
import dev.flowrec.core.label.correction.DelayOutcome;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.metrics.FinalLabelEvaluator;
import dev.flowrec.core.metrics.FinalLabelLimits;
import dev.flowrec.core.metrics.OnlineEvaluator;
import dev.flowrec.events.DelayedFeedbackCheckpointRecord;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.RecordFrame;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains on the label join's stream with each task's delayed-feedback correction: training examples
 * go to the {@link OnlineTrainer}, which weighs each batch's loss from the model's own scores and
 * the {@link DelayModel}'s estimates ({@link DelayCorrection}); final-label examples teach the
 * delay model and complete the final-label view. Keeps both evaluation views: as-trained (scores
 * against the labels as emitted) and final ({@link FinalLabelEvaluator}).
 *
 * <p>{@link #checkpoint()} holds everything a restarted trainer needs: the trainer (model,
 * optimiser, partial batch), both views and the delay model, as a {@link RecordFrame} (magic
 * "FRDT", version 1, CRC-32) around an Avro {@code DelayedFeedbackCheckpointRecord}. A change old
 * checkpoints cannot survive bumps the version; a reader for an older version is kept only once a
 * release has shipped. Not thread-safe.
 */
public final class DelayedFeedbackTrainer {
    /** "FRDT": FlowRec delayed-feedback trainer checkpoint. */
    private static final int MAGIC = 0x46524454;

    private static final RecordFrame<DelayedFeedbackCheckpointRecord> CHECKPOINT =
            new RecordFrame<>(
                    "delayed-feedback trainer checkpoint",
                    MAGIC,
                    1,
                    DelayedFeedbackCheckpointRecord.getClassSchema());

    private final ScenarioTaskSpace space;
    private final LabelWindows windows;
    private final ExampleEncoder encoder;
    private final OnlineEvaluator asTrained;
    private final FinalLabelEvaluator finalView;
    private final DelayModel delays;
    private final OnlineTrainer trainer;
    private long exampleChecksum;

    private DelayedFeedbackTrainer(
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            OnlineEvaluator asTrained,
            FinalLabelEvaluator finalView,
            DelayModel delays,
            byte[] trainerState,
            long exampleChecksum,
            MultiTaskModel model,
            int batchSize,
            PredictionListener listener) {
        this.space = asTrained.space();
        this.exampleChecksum = exampleChecksum;
        this.windows = windows;
        this.encoder = encoder;
        this.asTrained = asTrained;
        this.finalView = finalView;
        this.delays = delays;
        PredictionListener views =
                (batch, probs) -> {
                    asTrained.record(batch, probs);
                    finalView.record(batch, probs);
                    listener.onPredictions(batch, probs);
                };
        DelayCorrection correction = new DelayCorrection(new BatchCorrection(policies), delays);
        this.trainer =
                trainerState == null
                        ? new OnlineTrainer(model, batchSize, views, correction)
                        : OnlineTrainer.restore(trainerState, batchSize, views, correction);
    }

    /**
     * SGD step of the delay model's logits: small, because frequent embedding rows see thousands of
     * final labels.
     */
    public static final float DELAY_LEARNING_RATE = 0.02f;

    /**
     * As {@link #create(MultiTaskModel, int, ExampleEncoder, LabelWindows, LabelPolicies, float,
     * PredictionListener)} at {@link #DELAY_LEARNING_RATE}.
     */
    public static DelayedFeedbackTrainer create(
            MultiTaskModel model,
            int batchSize,
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            PredictionListener listener) {
        return create(model, batchSize, encoder, windows, policies, DELAY_LEARNING_RATE, listener);
    }

    /**
     * @param delayLearningRate SGD step of the delay model, used only when a task's correction
     *     needs it
     * @param listener also receives every scored batch (for example, for progress figures)
     */
    public static DelayedFeedbackTrainer create(
            MultiTaskModel model,
            int batchSize,
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            float delayLearningRate,
            PredictionListener listener) {
        return create(
                model,
                batchSize,
                encoder,
                windows,
                policies,
                delayLearningRate,
                FinalLabelLimits.DEFAULT,
                listener);
    }

    /**
     * @param finalLabels bounds of the final-label view (see {@link FinalLabelEvaluator})
     */
    public static DelayedFeedbackTrainer create(
            MultiTaskModel model,
            int batchSize,
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            float delayLearningRate,
            FinalLabelLimits finalLabels,
            PredictionListener listener) {
        ScenarioTaskSpace space = model.settings().space();
        DelayModel delays =
                policies.needsDelayModel()
                        ? new DelayModel(
                                space.taskCount(),
                                model.settings().vocabularySize(),
                                space.scenarioCount(),
                                delayLearningRate)
                        : null;
        return new DelayedFeedbackTrainer(
                encoder,
                windows,
                policies,
                new OnlineEvaluator(space),
                new FinalLabelEvaluator(space, finalLabels),
                delays,
                null,
                0L,
                model,
                batchSize,
                listener);
    }

    /** Continues from {@link #checkpoint()}; policies, windows and batch size as before. */
    public static DelayedFeedbackTrainer restore(
            byte[] state,
            int batchSize,
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            PredictionListener listener) {
        return restore(
                state, batchSize, encoder, windows, policies, FinalLabelLimits.DEFAULT, listener);
    }

    /** As the other restore, the final-label view within those bounds. */
    public static DelayedFeedbackTrainer restore(
            byte[] state,
            int batchSize,
            ExampleEncoder encoder,
            LabelWindows windows,
            LabelPolicies policies,
            FinalLabelLimits finalLabels,
            PredictionListener listener) {
        DelayedFeedbackCheckpointRecord checkpoint = CHECKPOINT.decode(state);
        OnlineEvaluator asTrained =
                OnlineEvaluator.fromBytes(Hashes.toArray(checkpoint.getAsTrainedEvaluator()));
        FinalLabelEvaluator finalView =
                FinalLabelEvaluator.fromBytes(
                        Hashes.toArray(checkpoint.getFinalLabelEvaluator()), finalLabels);
        DelayModel delays =
                checkpoint.getDelayModel() == null
                        ? null
                        : DelayModel.fromRecord(checkpoint.getDelayModel());
        if (policies.needsDelayModel() && delays == null) {
            throw new ConfigException(
                    "The restored trainer has no delay model, but '"
                            + LabelOptions.CORRECTION.key()
                            + "' now names a correction that needs one: restore with the"
                            + " corrections it was trained with, or start without state");
        }
        return new DelayedFeedbackTrainer(
                encoder,
                windows,
                policies,
                asTrained,
                finalView,
                delays,
                Hashes.toArray(checkpoint.getTrainer()),
                checkpoint.getExampleChecksum(),
                null,
                batchSize,
                listener);
    }

    /** One example from the label join, in emission order. */
    public void accept(TrainingExample example) {
        if (ExampleEncoder.isFinal(example)) {
            learnFinal(example);
            return;
        }
        EncodedExample encoded = encoder.encode(example);
        // Announced first: the add may run a step that scores this very example.
        finalView.expect(example.getImpression().getImpressionId());
        try {
            trainer.add(encoded);
        } catch (IllegalArgumentException e) {
            finalView.withdrawLast();
            throw e;
        }
        exampleChecksum += ExampleChecksum.of(example.getImpression().getImpressionId());
    }

    /**
     * {@link ExampleChecksum} of every training example accepted since the model was created; after
     * {@link #flush()} all of them are trained.
     */
    public long exampleChecksum() {
        return exampleChecksum;
    }

    private void learnFinal(TrainingExample example) {
        int scenario = space.scenarioIndex(example.getImpression().getScenario());
        if (delays != null) {
            delays.learn(
                    encoder.encode(example).featureRows(),
                    scenario,
                    DelayOutcome.of(example, space, windows));
        }
        int[] labels = new int[space.taskCount()];
        Arrays.fill(labels, -1);
        for (Map.Entry<String, TaskLabel> e : example.getLabels().entrySet()) {
            int t = space.taskIndex(e.getKey());
            if (t >= 0 && e.getValue().getEmitKind() == EmitKind.FINAL) {
                labels[t] = e.getValue().getLabel() > 0 ? 1 : 0;
            }
        }
        finalView.resolve(example.getImpression().getImpressionId(), scenario, labels);
    }

    /** End of input: trains the partial batch. */
    public void flush() {
        trainer.flush();
    }

    public OnlineTrainer trainer() {
        return trainer;
    }

    public EvaluationReport asTrainedReport() {
        return asTrained.report();
    }

    public EvaluationReport finalReport() {
        return finalView.report();
    }

    /** The final-label view over each cell's most recent final labels. */
    public EvaluationReport finalWindowReport() {
        return finalView.windowReport();
    }

    /** Impressions whose first prediction or final label the final view still waits for. */
    public int pendingFinalLabels() {
        return finalView.pendingImpressions();
    }

    /** Impressions the final-label view dropped unresolved because it was full. */
    public long finalLabelOverflow() {
        return finalView.overflowCount();
    }

    /** Everything a restarted trainer needs, in the format described in the class documentation. */
    public byte[] checkpoint() {
        return capture().encode();
    }

    /**
     * {@link #checkpoint()} as of now, in two parts: this call copies the state (model parameters
     * and optimiser state by a memory copy, the views and the delay model as their bytes), {@link
     * Capture#encode} writes the checkpoint from the copies, on any thread, while this trainer
     * trains on. A Flink operator captures in its synchronous snapshot phase and encodes in the
     * asynchronous one.
     */
    public Capture capture() {
        Supplier<byte[]> trainerBytes = trainer.checkpointLater();
        DelayedFeedbackCheckpointRecord.Builder record =
                DelayedFeedbackCheckpointRecord.newBuilder()
                        .setAsTrainedEvaluator(ByteBuffer.wrap(asTrained.toBytes()))
                        .setFinalLabelEvaluator(ByteBuffer.wrap(finalView.toBytes()))
                        .setDelayModel(delays == null ? null : delays.toRecord())
                        .setExampleChecksum(exampleChecksum);
        return new Capture(
                () ->
                        CHECKPOINT.encode(
                                record.setTrainer(ByteBuffer.wrap(trainerBytes.get())).build()));
    }

    /** A trainer's state as of one {@link #capture()}, not yet written; encode it once. */
    public static final class Capture {
        private final Supplier<byte[]> bytes;

        private Capture(Supplier<byte[]> bytes) {
            this.bytes = bytes;
        }

        /** The checkpoint, as {@link #checkpoint()} would have returned when this was captured. */
        public byte[] encode() {
            return bytes.get();
        }
    }
}
