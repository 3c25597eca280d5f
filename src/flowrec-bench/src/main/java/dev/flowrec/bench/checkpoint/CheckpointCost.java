package dev.flowrec.bench.checkpoint;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Impression;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The trainer checkpoint of the job's default model (AutoIFS, default {@link ModelOptions}) after a
 * few training steps, taken {@code rounds} times: its size, the time the task thread spends in the
 * synchronous part ({@link DelayedFeedbackTrainer#capture()}, what {@code snapshotState} runs), and
 * the time encoding the capture takes off that thread. Training continues between rounds, so the
 * optimiser state is real.
 *
 * @param settings configuration overrides on top of the defaults
 * @param rounds checkpoints measured, after one warm-up
 */
public record CheckpointCost(Map<String, String> settings, int rounds) {

    /** Measures and prints one line per figure to {@code out}. */
    public void run(PrintWriter out) {
        FlowRecConfig config = FlowRecConfig.of(settings);
        ModelSettings model = ModelSettings.from(config);
        int batchSize = config.get(ModelOptions.BATCH_SIZE);
        DelayedFeedbackTrainer trainer =
                DelayedFeedbackTrainer.create(
                        MultiTaskModels.create(model),
                        batchSize,
                        new ExampleEncoder(model.features(), model.space()),
                        LabelWindows.from(config),
                        LabelPolicies.from(config),
                        PredictionListener.NONE);
        out.printf(
                "Trainer checkpoint of %s (%,d parameters, batch %d) on %s%n",
                model.type().value(),
                trainer.trainer().model().parameterCount(),
                batchSize,
                Machine.current().describe());
        int example = 0;
        double[] syncMillis = new double[rounds];
        double[] encodeMillis = new double[rounds];
        double[] directMillis = new double[rounds];
        long bytes = 0;
        for (int r = -1; r < rounds; r++) {
            for (int i = 0; i < 2 * batchSize; i++) {
                trainer.accept(example(example++, model));
            }
            long start = System.nanoTime();
            DelayedFeedbackTrainer.Capture capture = trainer.capture();
            long captured = System.nanoTime();
            byte[] checkpoint = capture.encode();
            long encoded = System.nanoTime();
            trainer.trainer().model().toBytes(true);
            long direct = System.nanoTime();
            if (r >= 0) {
                syncMillis[r] = (captured - start) / 1e6;
                encodeMillis[r] = (encoded - captured) / 1e6;
                directMillis[r] = (direct - encoded) / 1e6;
                bytes = checkpoint.length;
            }
        }
        out.printf("checkpoint bytes: %,d%n", bytes);
        out.printf("task thread (capture), ms: %s%n", summary(syncMillis));
        out.printf("off the task thread (encode), ms: %s%n", summary(encodeMillis));
        // What the task thread spent on the model alone when the checkpoint was written there.
        out.printf("model written in place (toBytes), ms: %s%n", summary(directMillis));
        out.flush();
    }

    private static String summary(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(
                "median %.1f, min %.1f, max %.1f over %d",
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static TrainingExample example(int i, ModelSettings model) {
        Map<String, TaskLabel> labels = new HashMap<>();
        for (String task : model.space().tasks()) {
            labels.put(task, new TaskLabel(i % 7 == 0 ? 1 : 0, EmitKind.OBSERVED, null));
        }
        Impression imp =
                Impression.newBuilder()
                        .setImpressionId("i" + i)
                        .setEventTime(1_000L + i)
                        .setUserId("u" + (i % 997))
                        .setItemId("v" + (i % 631))
                        .setScenario(
                                model.space().scenarios().get(i % model.space().scenarioCount()))
                        .build();
        return TrainingExample.newBuilder()
                .setImpression(imp)
                .setLabels(labels)
                .setEmitTime(1_000L + i)
                .setElapsedSeconds(0)
                .build();
    }
}
