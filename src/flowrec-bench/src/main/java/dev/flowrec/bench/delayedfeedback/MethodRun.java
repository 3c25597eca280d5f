package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.label.InProcessJoin;
import dev.flowrec.core.label.LabelJoin;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.metrics.HoldoutEvaluator;
import dev.flowrec.core.snapshot.PredictionTransform;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One B3 method on one stream. The stream is cut into blocks of consecutive impressions; each block
 * is first scored by the model as it stands (what serving would answer at impression time) and
 * recorded against the impressions' true final labels, then its events go through the label join
 * (rules in-process, perfect watermark) and the emitted examples through the trainer with the
 * method's correction. The first {@code warmUp} impressions are trained on but not scored. The
 * oracle trains on each impression's final labels at impression time.
 */
final class MethodRun {
    /** Result of one method: final-label figures per cell and what it cost. */
    record Outcome(
            EvaluationReport finalLabels,
            long examplesTrained,
            double seconds,
            double meanLiveJoinKeys,
            long peakLiveJoinKeys) {}

    static final int BLOCK = 256;

    private final DelayedStream dataset;
    private final FlowRecConfig config;
    private final ModelSettings settings;
    private final ExampleEncoder encoder;

    MethodRun(DelayedStream dataset, FlowRecConfig config) {
        this.dataset = dataset;
        this.config = config;
        this.settings = ModelSettings.from(config);
        this.encoder = new ExampleEncoder(settings.features(), settings.space());
    }

    Outcome run(LabelMethod method, int impressions, int warmUp) {
        long start = System.nanoTime();
        List<String> tasks = settings.space().tasks();
        LabelPolicies policies =
                method.isOracle()
                        ? LabelPolicies.uniform(tasks, EmissionPolicy.WAIT, LossCorrection.NONE)
                        : LabelPolicies.uniform(tasks, method.policy(), method.correction());
        MultiTaskModel model = MultiTaskModels.create(settings);
        DelayedFeedbackTrainer trainer =
                DelayedFeedbackTrainer.create(
                        model,
                        config.get(ModelOptions.BATCH_SIZE),
                        encoder,
                        dataset.windows(),
                        policies,
                        PredictionListener.NONE);
        InProcessJoin join =
                new InProcessJoin(
                        new LabelJoin(
                                settings.space(),
                                dataset.windows(),
                                policies,
                                Duration.ofMinutes(1)),
                        trainer::accept);
        PredictionTransform[] transforms = new PredictionTransform[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            transforms[t] = PredictionTransform.forCorrection(policies.correction(t));
        }
        HoldoutEvaluator evaluator = new HoldoutEvaluator(settings.space());
        Iterator<StreamEvent> events = dataset.stream().events(impressions);
        List<StreamEvent> pending = new ArrayList<>();
        List<TrainingExample> block = new ArrayList<>(BLOCK);
        long seen = 0;
        double liveSum = 0;
        long liveSamples = 0;
        while (events.hasNext()) {
            StreamEvent e = events.next();
            pending.add(e);
            if (e instanceof StreamEvent.ImpressionEvent a) {
                block.add(finalExample(a));
            }
            if (block.size() == BLOCK || !events.hasNext()) {
                if (seen >= warmUp && !block.isEmpty()) {
                    score(model, block, transforms, evaluator);
                }
                seen += block.size();
                for (StreamEvent p : pending) {
                    feed(method, p, join, trainer);
                }
                pending.clear();
                block.clear();
                if (seen >= impressions / 2) {
                    liveSum += join.liveKeys();
                    liveSamples++;
                }
            }
        }
        join.finish();
        trainer.flush();
        return new Outcome(
                evaluator.report(),
                trainer.trainer().examplesTrained(),
                (System.nanoTime() - start) / 1e9,
                liveSamples == 0 ? 0 : liveSum / liveSamples,
                join.peakKeys());
    }

    private void feed(
            LabelMethod method, StreamEvent e, InProcessJoin join, DelayedFeedbackTrainer trainer) {
        if (method.isOracle()) {
            if (e instanceof StreamEvent.ImpressionEvent a) {
                // Final labels at impression time, one example per task as the join emits them, so
                // the oracle takes as many training steps as vanilla.
                TrainingExample all = finalExample(a);
                all.getLabels()
                        .forEach(
                                (task, label) ->
                                        trainer.accept(
                                                TrainingExample.newBuilder(all)
                                                        .setLabels(
                                                                new HashMap<>(Map.of(task, label)))
                                                        .build()));
            }
            return;
        }
        if (e instanceof StreamEvent.ImpressionEvent a) {
            join.impression(a.impression());
        } else {
            join.feedback(((StreamEvent.FeedbackEvent) e).feedback());
        }
    }

    /** The impression with its true final labels, as a training example the oracle trains on. */
    private TrainingExample finalExample(StreamEvent.ImpressionEvent a) {
        Map<String, TaskLabel> labels = new HashMap<>();
        List<String> tasks = settings.space().tasks();
        for (int t = 0; t < tasks.size(); t++) {
            labels.put(tasks.get(t), new TaskLabel(a.finalLabel(t), EmitKind.OBSERVED, null));
        }
        return TrainingExample.newBuilder()
                .setImpression(a.impression())
                .setLabels(labels)
                .setEmitTime(a.impression().getEventTime())
                .setElapsedSeconds(0)
                .build();
    }

    private void score(
            MultiTaskModel model,
            List<TrainingExample> block,
            PredictionTransform[] transforms,
            HoldoutEvaluator evaluator) {
        Batch batch = Batch.of(block.stream().map(encoder::encode).toList());
        float[][] probs = model.predict(batch);
        for (float[] row : probs) {
            for (int t = 0; t < row.length; t++) {
                row[t] = (float) transforms[t].apply(row[t]);
            }
        }
        evaluator.record(batch, probs);
    }
}
