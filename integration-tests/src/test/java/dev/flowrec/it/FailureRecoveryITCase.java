package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.job.FaultInjector;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import dev.flowrec.job.join.LabelJoinFunction;
import dev.flowrec.job.train.TrainerFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once under failures, in one JVM: the job reads a bounded synthetic stream from a real
 * broker on a MiniCluster with RocksDB while the label join and the trainer throw, five times in
 * one run, each at a call drawn at random: the call falls wherever that operator happens to be.
 * Each failure restarts the job from its last checkpoint. At the end the published snapshots must
 * say that every example was trained exactly once, versions never went backwards, each restore
 * continued the lineage it restored, and a read_committed reader saw nothing of the attempts the
 * failures aborted.
 */
class FailureRecoveryITCase {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRecoveryITCase.class);

    private static final String JOB_NAME = "failure-it";
    private static final int IMPRESSIONS = 8_000;
    private static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "conversion", Duration.ofSeconds(30));
    private static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "conversion", Duration.ofSeconds(90));

    /** Fixed so a failing run repeats; -Dflowrec.failure-seed=N tries other failure points. */
    private static final long SEED = Long.getLong("flowrec.failure-seed", 20261207L);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir static Path checkpoints;

    private static final JobTopics TOPICS = JobTopics.unique();

    @Test
    @Timeout(300)
    void failuresInTheJoinAndTheTrainerLoseNothingAndRepeatNothing() throws Exception {
        TOPICS.create(KAFKA.broker(), 2);
        long expectedExamples = produceStream();
        Random random = new Random(SEED);
        // The join is called at least once per impression, the trainer once per example. The
        // trainer fails only after 40% of its examples, when snapshots (one per 2,000 examples)
        // have been committed, so that its restores show as forks on the topic.
        PlannedFailures.plan(
                LabelJoinFunction.FAULT_POINT, random, 2, IMPRESSIONS / 10, IMPRESSIONS * 9 / 10);
        PlannedFailures.plan(
                TrainerFunction.FAULT_POINT,
                random,
                3,
                expectedExamples * 4 / 10,
                expectedExamples * 9 / 10);
        LOG.info("Failure seed {}: failing at calls {}", SEED, PlannedFailures.PLAN);

        FlowRecConfig config = FlowRecConfig.of(jobSettings());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        FlowRecJob.attach(env, config, new PlannedFailures());
        env.execute(JOB_NAME);

        assertThat(PlannedFailures.THROWN)
                .as("failures that happened (seed %d)", SEED)
                .hasSize(5)
                .anyMatch(f -> f.startsWith(LabelJoinFunction.FAULT_POINT))
                .anyMatch(f -> f.startsWith(TrainerFunction.FAULT_POINT));
        LOG.info("Failed {}", PlannedFailures.THROWN);
        List<SnapshotManifest> committed = manifests("read_committed");
        assertThat(committed).as("snapshots published").hasSizeGreaterThanOrEqualTo(3);
        int forks = 0;
        for (int i = 1; i < committed.size(); i++) {
            SnapshotManifest m = committed.get(i);
            SnapshotManifest previous = committed.get(i - 1);
            if (!m.getLineageId().equals(previous.getLineageId())) {
                // A restore forks the lineage; the fork continues the one it was restored from.
                assertThat(m.getParentLineageId()).isEqualTo(previous.getLineageId());
                assertThat(m.getLineageStartedAt()).isGreaterThan(previous.getLineageStartedAt());
                forks++;
            }
            assertThat(m.getVersion())
                    .as("versions in topic order never go backwards or repeat")
                    .isEqualTo(previous.getVersion() + 1);
            assertThat(m.getParentVersion()).isEqualTo(previous.getVersion());
            assertThat(m.getExamplesTrained()).isGreaterThan(previous.getExamplesTrained());
        }
        assertThat(committed.get(committed.size() - 1).getExamplesTrained())
                .as(
                        "examples trained in the published model after %d failures: each example"
                                + " once, none lost (seed %d)",
                        PlannedFailures.THROWN.size(), SEED)
                .isEqualTo(expectedExamples);
        assertThat(forks).as("restores after a checkpoint fork the lineage").isPositive();
        LOG.info(
                "{} snapshots committed in {} lineages, {} manifests written in all (aborted"
                        + " attempts included)",
                committed.size(),
                forks + 1,
                rawManifestCount());
    }

    private static List<SnapshotManifest> manifests(String isolation) throws IOException {
        return TopicReader.manifests(
                KAFKA.bootstrapServers(), TOPICS.snapshots(), JOB_NAME, isolation);
    }

    private static long rawManifestCount() throws Exception {
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.readAll(
                        KAFKA.bootstrapServers(),
                        TOPICS.snapshots(),
                        Duration.ofSeconds(60),
                        "read_uncommitted")) {
            SnapshotRecord record = SnapshotCodec.decode(r.value());
            n += record.getPayload() instanceof SnapshotManifest ? 1 : 0;
        }
        return n;
    }

    /**
     * Produces the stream and counts the examples the job must train: two observation windows per
     * impression, plus a delayed positive for each feedback after its observation window and within
     * its attribution window.
     */
    private static long produceStream() {
        SyntheticGenerator generator =
                new SyntheticGenerator(
                        SyntheticConfig.builder()
                                .seed(5)
                                .users(100)
                                .items(50)
                                .impressionsPerSecond(200)
                                .build());
        EventCodec<Impression> impressions = EventCodec.of(Impression.class);
        EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
        Map<String, Long> shownAt = new HashMap<>();
        long delayedPositives = 0;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var events = generator.events(IMPRESSIONS);
            while (events.hasNext()) {
                StreamEvent event = events.next();
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = ie.impression();
                    shownAt.put(imp.getImpressionId(), imp.getEventTime());
                    send(
                            producer,
                            TOPICS.impressions(),
                            imp.getImpressionId(),
                            impressions.encode(imp));
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    Feedback fb = fe.feedback();
                    long delay = fb.getEventTime() - shownAt.get(fb.getImpressionId());
                    if (delay > OBSERVATION.get(fb.getTask()).toMillis()
                            && delay <= ATTRIBUTION.get(fb.getTask()).toMillis()) {
                        delayedPositives++;
                    }
                    send(producer, TOPICS.feedback(), fb.getImpressionId(), feedback.encode(fb));
                }
            }
            producer.flush();
        }
        return 2L * IMPRESSIONS + delayedPositives;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static Map<String, String> jobSettings() {
        SyntheticGenerator generator =
                new SyntheticGenerator(SyntheticConfig.builder().seed(5).build());
        Map<String, String> s =
                new HashMap<>(
                        generator
                                .description()
                                .withWindows(OBSERVATION, ATTRIBUTION)
                                .jobSettings());
        s.put("pipeline.job-name", JOB_NAME);
        s.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        s.putAll(TOPICS.settings());
        s.put("kafka.bounded", "true");
        s.put("pipeline.checkpoint-dir", checkpoints.toUri().toString());
        s.put("pipeline.checkpoint-interval", "500ms");
        s.put("pipeline.parallelism", "2");
        s.put("model.type", "shared-bottom");
        s.put("model.hash-buckets", "1024");
        s.put("model.hidden-sizes", "16");
        s.put("model.batch-size", "128");
        s.put("snapshots.interval-examples", "2000");
        s.put("snapshots.interval", "1h");
        return s;
    }

    /**
     * Throws at a point at call numbers drawn at random over the calls the run is sure to make:
     * wherever the operator happens to be then, between checkpoints or during one, and its restart
     * restores the last checkpoint and replays input. Drawing calls, not checkpoints, makes every
     * planned failure happen: replays only add calls, while a plan by checkpoint number missed
     * failures whenever the bounded input ended before that checkpoint. Each call also pauses
     * briefly, so the input, which Kafka serves in a second, takes long enough for checkpoints to
     * complete while it is processed. The state is static because the MiniCluster runs in this JVM
     * and the failed attempts must not forget it.
     */
    static final class PlannedFailures implements FaultInjector {
        private static final long serialVersionUID = 1L;
        static final Map<String, Deque<Long>> PLAN = new ConcurrentHashMap<>();
        static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
        static final List<String> THROWN = new CopyOnWriteArrayList<>();

        /** Plans failures at distinct calls drawn between {@code first} and {@code last}. */
        static void plan(String point, Random random, int failures, long first, long last) {
            TreeSet<Long> at = new TreeSet<>();
            while (at.size() < failures) {
                at.add(first + (long) (random.nextDouble() * (last - first)));
            }
            PLAN.put(point, new ConcurrentLinkedDeque<>(at));
            CALLS.put(point, new AtomicLong());
        }

        @Override
        public void at(String point) throws Exception {
            LockSupport.parkNanos(point.equals(TrainerFunction.FAULT_POINT) ? 400_000 : 100_000);
            Deque<Long> plan = PLAN.get(point);
            if (plan == null) {
                return;
            }
            long call = CALLS.get(point).incrementAndGet();
            Long next = plan.peekFirst();
            if (next != null && call >= next && plan.remove(next)) {
                String failure = point + " at call " + call;
                THROWN.add(failure);
                throw new IllegalStateException("Injected failure in " + failure);
            }
        }
    }
}
