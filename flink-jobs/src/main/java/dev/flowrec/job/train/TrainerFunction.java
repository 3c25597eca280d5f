package dev.flowrec.job.train;

import dev.flowrec.core.batch.ExampleEncoder;
import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.metrics.FinalLabelLimits;
import dev.flowrec.core.snapshot.GateCheck;
import dev.flowrec.core.snapshot.GateFinding;
import dev.flowrec.core.snapshot.Publication;
import dev.flowrec.core.snapshot.PublishSchedule;
import dev.flowrec.core.snapshot.PublisherState;
import dev.flowrec.core.snapshot.QualityGate;
import dev.flowrec.core.snapshot.SnapshotPublisher;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.FaultInjector;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.RestoreCompatibility;
import dev.flowrec.models.delay.DelayedFeedbackTrainer;
import dev.flowrec.models.delay.DivergenceGuard;
import dev.flowrec.models.publish.SnapshotManifests;
import dev.flowrec.models.publish.TrainerSnapshotSource;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
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
 * labels teach the delay model and complete the final-label view. After each example, and at the
 * end of a bounded input, a {@link SnapshotPublisher} decides whether the model becomes a new
 * version and hands back its records (manifest, then chunks) for the exactly-once sink. A version
 * the {@link QualityGate} withholds is logged with every finding, counted per check and never
 * emitted.
 *
 * <p>The model with its optimiser state, the partial batch, both evaluation views, the delay model
 * and the publisher's {@link PublisherState} are operator state, written only at checkpoints: after
 * a restart the job resumes from exactly the examples the restored model had seen, and versions
 * keep increasing in a new lineage forked from the restored one (the restore may be from an older
 * checkpoint whose later versions were committed; see {@link SnapshotPublisher}). Input is keyed by
 * a constant only so that an event-time timer at the end of a bounded input can flush the last
 * partial batch.
 */
public final class TrainerFunction
        extends KeyedProcessFunction<Integer, TrainingExample, SnapshotRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainerFunction.class);
    static final String TRAINER_STATE = "trainer";
    static final String PUBLISHER_STATE = "snapshot-publisher";

    /** The {@link FaultInjector} point of the trainer. */
    public static final String FAULT_POINT = "trainer";

    private final HashMap<String, String> settings;
    private final FaultInjector faults;

    private transient FlowRecConfig config;
    private transient ModelSettings modelSettings;
    private transient DelayedFeedbackTrainer learner;
    private transient TrainerSnapshotSource source;
    private transient SnapshotPublisher publisher;
    private transient ListState<CapturedTrainer> trainerState;
    private transient ListState<PublisherState> publisherState;
    private transient boolean endOfInputTimerSet;
    private transient Counter withheld;
    private transient Map<GateCheck, Counter> withheldBy;
    private transient DivergenceGuard guard;
    private transient Counter divergences;
    private transient Counter examplesRolledBack;

    /**
     * What the last publish measured, for gauges, which the metric reporter reads on its own
     * thread.
     */
    private transient volatile Published published;

    /** The final-label window the gate last judged, for its gauges; empty before the first try. */
    private transient volatile EvaluationReport judged;

    private record Published(
            double onlineMeanAuc, double finalMeanAuc, Map<String, String> provenance) {
        static final Published NONE = new Published(Double.NaN, Double.NaN, Map.of());
    }

    public TrainerFunction(Map<String, String> settings) {
        this(settings, FaultInjector.NONE);
    }

    public TrainerFunction(Map<String, String> settings, FaultInjector faults) {
        this.settings = new HashMap<>(settings);
        this.faults = faults;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        config = FlowRecConfig.of(settings);
        modelSettings = ModelSettings.from(config);
        ExampleEncoder encoder =
                new ExampleEncoder(modelSettings.features(), modelSettings.space());
        LabelWindows windows = LabelWindows.from(config);
        LabelPolicies policies = LabelPolicies.from(config);
        int batchSize = config.get(ModelOptions.BATCH_SIZE);
        FinalLabelLimits finalLabels = FinalLabelLimits.from(config);

        var store = context.getOperatorStateStore();
        trainerState =
                store.getListState(
                        new ListStateDescriptor<>(
                                TRAINER_STATE, CapturedTrainerSerializer.INSTANCE));
        publisherState =
                store.getListState(
                        new ListStateDescriptor<>(PUBLISHER_STATE, PublisherState.class));

        CapturedTrainer saved = single(trainerState.get());
        Function<byte[], DelayedFeedbackTrainer> restore =
                bytes ->
                        DelayedFeedbackTrainer.restore(
                                bytes,
                                batchSize,
                                encoder,
                                windows,
                                policies,
                                finalLabels,
                                PredictionListener.NONE);
        if (saved == null) {
            learner =
                    DelayedFeedbackTrainer.create(
                            MultiTaskModels.create(modelSettings),
                            batchSize,
                            encoder,
                            windows,
                            policies,
                            DelayedFeedbackTrainer.DELAY_LEARNING_RATE,
                            finalLabels,
                            PredictionListener.NONE);
        } else {
            learner = restoreServable(saved.bytes(), restore);
        }
        guard = new DivergenceGuard(learner, restore);
        source = new TrainerSnapshotSource(learner, config);
        SnapshotPublisher.Builder builder =
                SnapshotPublisher.builder()
                        .schedule(PublishSchedule.from(config))
                        .qualityGate(QualityGate.from(config))
                        .writer(SnapshotWriter.from(config))
                        .clock(InstantSource.system());
        PublisherState savedPublisher = single(publisherState.get());
        if (savedPublisher != null) {
            builder.restoredFrom(savedPublisher);
        }
        publisher = builder.build();
        OnlineTrainer trainer = learner.trainer();
        PublisherState state = publisher.state();
        LOG.info(
                "Trainer {}: model {} with {} parameters, {} examples trained, publishing in"
                        + " lineage {} after version {}{}",
                context.isRestored() ? "restored" : "started",
                modelSettings.type().value(),
                trainer.model().parameterCount(),
                trainer.examplesTrained(),
                state.lineageId(),
                state.version(),
                state.parentLineageId().isEmpty() ? "" : " of lineage " + state.parentLineageId());
    }

    /**
     * Restores the trainer, refusing a configuration the restored model cannot serve. Restarting
     * would restore the same state under the same configuration and fail the same way, so the
     * failure suppresses restarts: the job fails once, with the options named, instead of
     * crash-looping.
     */
    private DelayedFeedbackTrainer restoreServable(
            byte[] saved, Function<byte[], DelayedFeedbackTrainer> restore) {
        try {
            DelayedFeedbackTrainer restored = restore.apply(saved);
            RestoreCompatibility.check(restored.trainer().model().settings(), modelSettings);
            return restored;
        } catch (ConfigException e) {
            throw new SuppressRestartsException(e);
        }
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        published = Published.NONE;
        judged = new EvaluationReport(Map.of());
        var group = getRuntimeContext().getMetricGroup().addGroup("flowrec");
        group.gauge("examples_trained", () -> learner.trainer().examplesTrained());
        group.gauge("snapshot_version", () -> publisher.state().version());
        // A gauge must be a number: the lineage's start tells runs apart on a dashboard.
        group.gauge("snapshot_lineage_started_at", () -> publisher.state().lineageStartedAt());
        group.gauge("train_loss", () -> learner.trainer().lastLoss());
        // The evaluators change on the task thread; the gauges read what the last publish computed.
        group.gauge("online_mean_auc", () -> published.onlineMeanAuc());
        group.gauge("final_label_mean_auc", () -> published.finalMeanAuc());
        group.gauge("final_label_pending_impressions", () -> learner.pendingFinalLabels());
        withheld = group.counter("snapshots_withheld");
        withheldBy = new EnumMap<>(GateCheck.class);
        for (GateCheck check : GateCheck.values()) {
            withheldBy.put(check, group.counter("snapshots_withheld_" + check.metricName()));
        }
        GateWindowGauges.register(group, modelSettings.space(), () -> judged);
        divergences = group.counter("divergences");
        examplesRolledBack = group.counter("examples_rolled_back");
        // The view counts its own evictions; a gauge reads them when reported, not per example.
        group.gauge("final_label_pending_overflow", () -> learner.finalLabelOverflow());
        if (learner.trainer().model() instanceof FlowSelectionReport) {
            FlowKeepGauges.register(group, modelSettings.space(), () -> published.provenance());
        }
    }

    @Override
    public void processElement(TrainingExample example, Context ctx, Collector<SnapshotRecord> out)
            throws Exception {
        faults.at(FAULT_POINT);
        if (!endOfInputTimerSet) {
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            endOfInputTimerSet = true;
        }
        learner.accept(example);
        if (!rolledBack()) {
            emit(publisher.afterTraining(source, ctx.timerService().currentWatermark()), out);
        }
    }

    /**
     * A diverged model is never published: the trainer goes back to the last published state and
     * training goes on from there, counted and logged, instead of failing the job, whose restarts
     * would restore the same model and diverge again.
     */
    private boolean rolledBack() {
        var rollback = guard.check(learner);
        if (rollback.isEmpty()) {
            return false;
        }
        var r = rollback.get();
        divergences.inc();
        examplesRolledBack.inc(r.examplesDiscarded());
        LOG.error(
                "The model diverged at training step {} ({}); rolled back to the last published"
                        + " state, {} examples trained since then discarded",
                r.step(),
                r.reason(),
                r.examplesDiscarded());
        learner = r.restored();
        source = new TrainerSnapshotSource(learner, config);
        return true;
    }

    /** End of a bounded input: train the partial batch and publish the final model. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SnapshotRecord> out) {
        learner.flush();
        if (!rolledBack()) {
            emit(publisher.atEndOfInput(source, timestamp), out);
        }
    }

    private void emit(Publication publication, Collector<SnapshotRecord> out) {
        if (publication instanceof Publication.Published p) {
            guard.markGood(learner);
            p.records().forEach(out::collect);
            var provenance = p.manifest().getProvenance();
            judged = p.window();
            published =
                    new Published(
                            p.online().meanAuc(),
                            SnapshotManifests.fromProvenance(
                                            SnapshotManifests.FINAL_LABELS, provenance)
                                    .meanAuc(),
                            Map.copyOf(provenance));
            LOG.info(
                    "Published snapshot version {} of lineage {} ({} bytes in {} records) after {}"
                            + " examples, mean online AUC {}",
                    p.manifest().getVersion(),
                    p.manifest().getLineageId(),
                    p.manifest().getTotalSize(),
                    p.records().size(),
                    p.manifest().getExamplesTrained(),
                    p.online().meanAuc());
        } else if (publication instanceof Publication.Withheld w) {
            judged = w.window();
            withheld.inc();
            // A snapshot failing one check in several cells counts once for that check.
            w.findings().stream()
                    .map(GateFinding::check)
                    .distinct()
                    .forEach(check -> withheldBy.get(check).inc());
            LOG.warn(
                    "Snapshot withheld by the quality gate after {} examples, version {} stays"
                            + " the newest: {}",
                    w.examplesTrained(),
                    publisher.state().version(),
                    w.reason());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        // Only the copy holds the task thread; the state backend encodes it asynchronously.
        trainerState.update(List.of(new CapturedTrainer(learner.capture())));
        publisherState.update(List.of(publisher.state()));
    }

    private static <T> T single(Iterable<T> values) {
        T out = null;
        for (T v : values) {
            if (out != null) {
                throw new IllegalStateException(
                        "trainer state holds more than one entry; the trainer must run with"
                                + " parallelism 1");
            }
            out = v;
        }
        return out;
    }
}
