package dev.flowrec.job;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.JobIdentity;
import dev.flowrec.core.config.KafkaOptions;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.PipelineOptions;
import dev.flowrec.core.config.TransactionTimeout;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.event.EventTimeBounds;
import dev.flowrec.core.label.LabelPolicies;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.core.snapshot.QualityGate;
import dev.flowrec.core.snapshot.SigningKeyLocation;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.RawRecord;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.drain.EndOfInputCoProcessOperator;
import dev.flowrec.job.drain.EndOfInputProcessOperator;
import dev.flowrec.job.intake.DeadLetters;
import dev.flowrec.job.intake.DecodeEvents;
import dev.flowrec.job.intake.RawRecordDeserializer;
import dev.flowrec.job.intake.TrustedTimeWatermarks;
import dev.flowrec.job.join.LabelJoinFunction;
import dev.flowrec.job.publish.KeyedAvroSerializer;
import dev.flowrec.job.train.TrainerFunction;
import dev.flowrec.models.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FlowRec's streaming job: impressions and feedback from Kafka → decode and validate (bad records
 * to the dead-letter topic) → label join keyed by impression id (RocksDB, event-time timers) →
 * trainer (one subtask; test-then-train) → versioned snapshots to Kafka, exactly once.
 *
 * <pre>{@code
 * FlowRecConfig config = FlowRecConfig.of(Map.of(
 *         "kafka.bootstrap-servers", "localhost:9092", "pipeline.job-name", "ranking"));
 * StreamExecutionEnvironment env =
 *         StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
 * FlowRecJob.attach(env, config);
 * env.execute();
 * }</pre>
 *
 * <p>On a cluster: {@code flink run flowrec-flink-jobs-job.jar --pipeline.job-name ranking
 * --kafka.bootstrap-servers host:9092 ...}; every {@code --key value} pair is a FlowRec option
 * (docs/configuration.md).
 */
public final class FlowRecJob {
    private static final Logger LOG = LoggerFactory.getLogger(FlowRecJob.class);

    private FlowRecJob() {}

    public static void main(String[] args) throws Exception {
        FlowRecConfig config = FlowRecConfig.of(ParameterTool.fromArgs(args).toMap());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        attach(env, config);
        JobExecutionResult result = env.execute(JobIdentity.of(config).jobName());
        LOG.info("FlowRecJob finished after {} ms", result.getNetRuntime());
    }

    /**
     * Submits the job to a running Flink cluster and returns without waiting for it: the graph is
     * built and the configuration checked here, so a bad option fails before anything is sent.
     *
     * @param jobJar the shaded job jar the cluster loads the job's classes from
     * @param fromSavepoint a savepoint or retained checkpoint to resume from, or null
     */
    public static JobClient submit(
            String host, int restPort, Path jobJar, FlowRecConfig config, String fromSavepoint)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        host, restPort, FlinkSettings.of(config, fromSavepoint), jobJar.toString());
        attach(env, config);
        return env.executeAsync(JobIdentity.of(config).jobName());
    }

    /**
     * {@link #submit} from plain options, for callers that keep only the job's id; {@code
     * fromLatestCheckpoint} resumes from {@link RetainedCheckpoints#newestOf}, as an operator does
     * after a JobManager without high availability died.
     */
    public static String submitForId(
            String host,
            int restPort,
            Path jobJar,
            Map<String, String> settings,
            boolean fromLatestCheckpoint)
            throws Exception {
        FlowRecConfig config = FlowRecConfig.of(settings);
        String from = fromLatestCheckpoint ? RetainedCheckpoints.newestOf(config) : null;
        return submit(host, restPort, jobJar, config, from).getJobID().toHexString();
    }

    /** Validates the configuration and adds the whole pipeline to {@code env}. */
    public static void attach(StreamExecutionEnvironment env, FlowRecConfig config) {
        attach(env, config, FaultInjector.NONE);
    }

    /** As {@link #attach(StreamExecutionEnvironment, FlowRecConfig)}, failing where told to. */
    public static void attach(
            StreamExecutionEnvironment env, FlowRecConfig config, FaultInjector faults) {
        logEffective(config);
        JobIdentity identity = JobIdentity.of(config);
        // The complete model settings are built and checked here, so a model that cannot be built
        // (DTRN without sequences, a bad size) fails at start naming the key, not in the trainer.
        ScenarioTaskSpace space = ModelSettings.from(config).space();
        TransactionTimeout.check(config);
        // Only where the signing key is, checked here; the trainer reads the key on its
        // TaskManager, so it never travels in the job graph.
        SigningKeyLocation.of(config);
        // The gate's cross-option checks (per-cell floors of configured cells only, evidence the
        // window can hold) fail here, before submission, not when the trainer starts.
        QualityGate.from(config);
        LabelWindows windows = LabelWindows.from(config);
        LabelPolicies policies = LabelPolicies.from(config);
        TrainerFunction trainer = new TrainerFunction(config.toMap(), faults);
        EventTimeBounds bounds = EventTimeBounds.from(config);
        long deadLetterPayload = config.get(KafkaOptions.DEAD_LETTER_MAX_PAYLOAD).bytes();
        int parallelism = config.get(PipelineOptions.PARALLELISM);
        env.setParallelism(parallelism);

        // Watermarks are made per partition inside the source, from the event time its
        // deserializer read: after a merge of partitions, one partition ahead of the others (or one
        // record from the future) would make the rest late and close their label windows early.
        SingleOutputStreamOperator<Impression> impressions =
                env.fromSource(
                                source(config, identity, bounds, Impression.class),
                                watermarks(config),
                                "impressions")
                        .uid("impressions-source")
                        .process(DecodeEvents.impressions(space, bounds, deadLetterPayload))
                        .uid("decode-impressions")
                        .name("decode impressions");
        SingleOutputStreamOperator<Feedback> feedback =
                env.fromSource(
                                source(config, identity, bounds, Feedback.class),
                                watermarks(config),
                                "feedback")
                        .uid("feedback-source")
                        .process(DecodeEvents.feedback(space, bounds, deadLetterPayload))
                        .uid("decode-feedback")
                        .name("decode feedback");

        SingleOutputStreamOperator<TrainingExample> examples =
                impressions
                        .keyBy(new ImpressionId(), Types.STRING)
                        .connect(feedback.keyBy(new FeedbackImpressionId(), Types.STRING))
                        .transform(
                                "label join",
                                TypeInformation.of(TrainingExample.class),
                                new EndOfInputCoProcessOperator<>(
                                        new LabelJoinFunction(
                                                space,
                                                windows,
                                                policies,
                                                config.get(LabelOptions.ORPHAN_WAIT),
                                                config.get(LabelOptions.STATE_TTL),
                                                config.get(LabelOptions.MAX_ORPHANS),
                                                config.get(KafkaOptions.FEEDBACK_TOPIC),
                                                deadLetterPayload,
                                                faults)))
                        .uid("label-join")
                        .name("label join");

        DataStream<SnapshotRecord> snapshots =
                examples.keyBy(new SingleTrainer(), Types.INT)
                        .transform(
                                "trainer",
                                TypeInformation.of(SnapshotRecord.class),
                                new EndOfInputProcessOperator<>(trainer))
                        .uid("trainer")
                        .name("trainer")
                        .setParallelism(1)
                        .setMaxParallelism(1);
        snapshots
                .sinkTo(
                        sink(
                                config,
                                identity,
                                config.get(KafkaOptions.SNAPSHOTS_TOPIC),
                                "snapshots",
                                SnapshotRecord.class,
                                new SnapshotKey()))
                .uid("snapshots-sink")
                .name("snapshots")
                .setParallelism(1);

        DataStream<DeadLetter> deadLetters =
                impressions
                        .getSideOutput(DeadLetters.TAG)
                        .union(
                                feedback.getSideOutput(DeadLetters.TAG),
                                examples.getSideOutput(DeadLetters.TAG));
        deadLetters
                .sinkTo(
                        sink(
                                config,
                                identity,
                                config.get(KafkaOptions.DEAD_LETTER_TOPIC),
                                "dead-letter",
                                DeadLetter.class,
                                new DeadLetterKey()))
                .uid("dead-letter-sink")
                .name("dead letters");
    }

    @SuppressWarnings(
            "deprecation") // the 5.0.0-2.2 connector takes only the deprecated OffsetResetStrategy
    private static KafkaSource<RawRecord> source(
            FlowRecConfig config,
            JobIdentity identity,
            EventTimeBounds bounds,
            Class<? extends SpecificRecord> type) {
        String topic =
                config.get(
                        type == Impression.class
                                ? KafkaOptions.IMPRESSIONS_TOPIC
                                : KafkaOptions.FEEDBACK_TOPIC);
        var builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(config.get(KafkaOptions.BOOTSTRAP_SERVERS))
                        .setTopics(topic)
                        .setGroupId(identity.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new RawRecordDeserializer(type, bounds))
                        .setProperty("isolation.level", "read_committed");
        KafkaOptions.clientProperties(config).forEach(builder::setProperty);
        if (config.get(KafkaOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static WatermarkStrategy<RawRecord> watermarks(FlowRecConfig config) {
        return TrustedTimeWatermarks.strategy(
                config.get(LabelOptions.MAX_OUT_OF_ORDERNESS),
                config.get(LabelOptions.IDLE_TIMEOUT));
    }

    private static <T extends SpecificRecord> KafkaSink<T> sink(
            FlowRecConfig config,
            JobIdentity identity,
            String topic,
            String name,
            Class<T> type,
            KeyedAvroSerializer.KeyOf<T> key) {
        Properties props = new Properties();
        props.putAll(KafkaOptions.clientProperties(config));
        props.put(
                TransactionTimeout.PRODUCER_PROPERTY,
                String.valueOf(TransactionTimeout.of(config).toMillis()));
        // Snapshot chunks are below 1 MB by construction; keep the producer's limit just above
        // them.
        props.putIfAbsent("max.request.size", String.valueOf(1 << 20));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.get(KafkaOptions.BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(props)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(identity.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(new KeyedAvroSerializer<>(topic, type, key))
                .build();
    }

    /**
     * Logs the effective configuration and refuses unknown keys under FlowRec's prefixes: a typo
     * such as {@code model.batch-sise} would otherwise train with a default nobody chose.
     */
    private static void logEffective(FlowRecConfig config) {
        if (!config.unknownKeys().isEmpty()) {
            throw new ConfigException(
                    "Unknown configuration key(s) "
                            + config.unknownKeys()
                            + "; the accepted keys are listed in docs/configuration.md");
        }
        LOG.info(
                "FlowRec configuration (effective, sorted, secrets hidden): {}",
                new TreeMap<>(config.effective()));
    }

    /** Impressions are keyed by their id. */
    static final class ImpressionId implements KeySelector<Impression, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Impression value) {
            return value.getImpressionId();
        }
    }

    /** Feedback is keyed by the id of the impression it answers. */
    static final class FeedbackImpressionId implements KeySelector<Feedback, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Feedback value) {
            return value.getImpressionId();
        }
    }

    /** One logical model: every example goes to the single trainer subtask. */
    static final class SingleTrainer implements KeySelector<TrainingExample, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer getKey(TrainingExample value) {
            return 0;
        }
    }

    static final class SnapshotKey implements KeyedAvroSerializer.KeyOf<SnapshotRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(SnapshotRecord record) {
            Object p = record.getPayload();
            return p instanceof SnapshotManifest m
                    ? m.getModelId()
                    : ((SnapshotChunk) p).getModelId();
        }
    }

    static final class DeadLetterKey implements KeyedAvroSerializer.KeyOf<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public String key(DeadLetter record) {
            if (record.getKey() == null) {
                return null;
            }
            var b = record.getKey().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
