package dev.flowrec.job.train;

import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.snapshot.PublishSchedule;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import dev.flowrec.models.publish.SnapshotManifests;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: one subtask holding one model. Each example goes to {@link DelayedFeedbackTrainer}:
 * training examples are buffered and every full batch is scored before it is trained on with each
 * task's delayed-feedback correction (the scores feed the as-trained and final-label views); final
 * labels teach the delay model and complete the final-label view. Every N examples or T seconds ({@link PublishSchedule}) the model is
 * written as a versioned snapshot (chunks, then manifest) downstream to the exactly-once sink.
 *
 * <p>The model with its optimiser state, the partial batch, both evaluation views, the delay model
 * and the version counter are operator state, written only at checkpoints: after a restart the job resumes from exactly
 * the examples the restored model had seen, and versions keep increasing. Snapshots published after
 * the last checkpoint belong to an aborted transaction, so no read_committed consumer ever saw
 * them. Input is keyed by a constant only so that an event-time timer at the end of a bounded input
 * can flush the last partial batch.
 */
public final class TrainerFunction extends KeyedProcessFunction<Integer, TrainingExample, SnapshotRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainerFunction.class);
    static final String TRAINER_STATE = "trainer";
    static final String COUNTERS_STATE = "snapshot-counters";

    private final HashMap<String, String> settings;

    private transient FlowRecConfig config;
    private transient ModelSettings modelSettings;
    private transient DelayedFeedbackTrainer learner;
    private transient SnapshotWriter writer;
    private transient PublishSchedule schedule;
    private transient ListState<byte[]> trainerState;
    private transient ListState<Long> countersState;
    private transient long version;
    private transient long examplesAtLastPublish;
    private transient long lastPublishMillis;
    private transient boolean endOfInputTimerSet;
    private transient Counter heldBack;
    /** What the last publish measured, for gauges, which the metric reporter reads on its own thread. */
    private transient volatile Published published;

    private record Published(double onlineMeanAuc, double finalMeanAuc, Map<String, String> modelReport) {
        static final Published NONE = new Published(Double.NaN, Double.NaN, Map.of());
    }

    public TrainerFunction(Map<String, String> settings) {
        this.settings = new HashMap<>(settings);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        config = FlowRecConfig.of(settings);
        modelSettings = ModelSettings.from(config);
        ExampleEncoder encoder = new ExampleEncoder(modelSettings.features(), modelSettings.space());
        LabelWindows windows = LabelWindows.from(config);
        LabelPolicies policies = LabelPolicies.from(config);
        int batchSize = config.get(ModelOptions.BATCH_SIZE);
        int chunk = (int) config.get(SnapshotOptions.CHUNK_SIZE).bytes();
        writer = config.getOptional(SnapshotOptions.SIGNING_KEY)
                .map(key -> SnapshotWriter.signed(chunk, SnapshotSigner.ofSecret(key)))
                .orElseGet(() -> SnapshotWriter.unsigned(chunk));
        schedule = new PublishSchedule(config.get(SnapshotOptions.INTERVAL_EXAMPLES), config.get(SnapshotOptions.INTERVAL),
                config.get(SnapshotOptions.MIN_MEAN_AUC));

        var store = context.getOperatorStateStore();
        trainerState = store.getListState(new ListStateDescriptor<>(TRAINER_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        countersState = store.getListState(new ListStateDescriptor<>(COUNTERS_STATE, Types.LONG));

        byte[] savedTrainer = single(trainerState.get());
        learner = savedTrainer == null
                ? DelayedFeedbackTrainer.create(MultiTaskModels.create(modelSettings), batchSize, encoder, windows,
                        policies, PredictionListener.NONE)
                : DelayedFeedbackTrainer.restore(savedTrainer, batchSize, encoder, windows, policies,
                        PredictionListener.NONE);
        OnlineTrainer trainer = learner.trainer();
        List<Long> counters = new java.util.ArrayList<>();
        countersState.get().forEach(counters::add);
        version = counters.isEmpty() ? 0 : counters.get(0);
        examplesAtLastPublish = counters.isEmpty() ? 0 : counters.get(1);
        lastPublishMillis = System.currentTimeMillis();
        LOG.info("Trainer {}: model {} with {} parameters, {} examples trained, last published version {}",
                context.isRestored() ? "restored" : "started", modelSettings.type().value(),
                trainer.model().parameterCount(), trainer.examplesTrained(), version);
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        published = Published.NONE;
        var group = getRuntimeContext().getMetricGroup().addGroup("flowrec");
        group.gauge("examples_trained", () -> learner.trainer().examplesTrained());
        group.gauge("snapshot_version", () -> version);
        group.gauge("train_loss", () -> learner.trainer().lastLoss());
        // The evaluators change on the task thread; the gauges read what the last publish computed.
        group.gauge("online_mean_auc", () -> published.onlineMeanAuc());
        group.gauge("final_label_mean_auc", () -> published.finalMeanAuc());
        group.gauge("final_label_pending_impressions", () -> learner.pendingFinalLabels());
        heldBack = group.counter("snapshots_held_back");
        if (learner.trainer().model() instanceof FlowSelectionReport) {
            FlowKeepGauges.register(group, modelSettings.space(), () -> published.modelReport());
        }
    }

    @Override
    public void processElement(TrainingExample example, Context ctx, Collector<SnapshotRecord> out) {
        if (!endOfInputTimerSet) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            endOfInputTimerSet = true;
        }
        learner.accept(example);
        OnlineTrainer trainer = learner.trainer();
        long now = System.currentTimeMillis();
        if (schedule.isDue(trainer.examplesTrained(), examplesAtLastPublish, now, lastPublishMillis)) {
            publish(ctx.timerService().currentWatermark(), out);
        }
    }

    /** End of a bounded input: train the partial batch and publish the final model. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SnapshotRecord> out) {
        learner.flush();
        OnlineTrainer trainer = learner.trainer();
        if (trainer.examplesTrained() > examplesAtLastPublish) {
            publish(timestamp, out);
        }
    }

    private void publish(long watermark, Collector<SnapshotRecord> out) {
        EvaluationReport report = learner.asTrainedReport();
        OnlineTrainer trainer = learner.trainer();
        lastPublishMillis = System.currentTimeMillis();
        if (!schedule.passesQualityGate(report.meanAuc())) {
            heldBack.inc();
            LOG.warn("Snapshot held back by the quality gate: mean online AUC {} below {}", report.meanAuc(),
                    config.get(SnapshotOptions.MIN_MEAN_AUC));
            examplesAtLastPublish = trainer.examplesTrained();
            return;
        }
        long parent = version;
        version++;
        byte[] artifact = trainer.model().toBytes(false);
        Map<String, String> modelReport = SnapshotManifests.modelReport(trainer.model());
        EvaluationReport finalReport = learner.finalReport();
        published = new Published(report.meanAuc(), finalReport.meanAuc(), Map.copyOf(modelReport));
        Map<String, String> extra = new HashMap<>(modelReport);
        extra.putAll(SnapshotManifests.finalLabelReport(finalReport));
        List<SnapshotRecord> records = writer.write(SnapshotManifests.template(config, modelSettings, version, parent,
                watermark, trainer.examplesTrained(), trainer.model().parameterCount(), report, extra), artifact);
        records.forEach(out::collect);
        examplesAtLastPublish = trainer.examplesTrained();
        LOG.info("Published snapshot version {} ({} bytes in {} records) after {} examples, mean online AUC {}",
                version, artifact.length, records.size(), trainer.examplesTrained(), report.meanAuc());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        trainerState.update(List.of(learner.checkpoint()));
        countersState.update(List.of(version, examplesAtLastPublish));
    }

    private static byte[] single(Iterable<byte[]> values) {
        byte[] out = null;
        for (byte[] v : values) {
            if (out != null) {
                throw new IllegalStateException("trainer state holds more than one entry; the trainer must run with parallelism 1");
            }
            out = v;
        }
        return out;
    }
}
