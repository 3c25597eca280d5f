package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skewed producers on real parts: a stream over four partitions per topic, read by two subtasks
 * (two partitions each), in which partition 0 runs a minute behind the others and one impression is
 * stamped 50 minutes ahead of the wall clock. Labels are a matter of the events' own times, so the
 * job must find exactly the labels the clean stream holds: the same positives, no orphans, no more
 * late feedback, and the one absurd impression dead-lettered for its time.
 */
class EventTimeSkewITCase {
    private static final int IMPRESSIONS = 8_000;
    private static final int PARTITIONS = 4;
    private static final int LAGGING_PARTITION = 0;
    private static final Duration LAG = Duration.ofSeconds(60);
    private static final Duration AHEAD = Duration.ofMinutes(50);
    private static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "conversion", Duration.ofSeconds(30));
    private static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "conversion", Duration.ofSeconds(90));

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir static Path checkpoints;

    private static final JobTopics TOPICS = JobTopics.unique();

    /** What the clean stream holds: per task, feedback within and beyond its attribution window. */
    private static final Map<String, Long> cleanPositives = new HashMap<>();

    private static final Map<String, Long> cleanLate = new HashMap<>();
    private static long delayedPositives;
    private static byte[] fromTheFuture;
    private static List<DeadLetter> letters;
    private static long examplesTrained;

    private static synchronized void ensureJobRan() throws Exception {
        if (letters != null) {
            return;
        }
        TOPICS.create(KAFKA.broker(), PARTITIONS);
        produceSkewedStream();

        FlowRecConfig config = FlowRecConfig.of(jobSettings());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        FlowRecJob.attach(env, config);
        env.execute("event-time-skew-it");

        EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
        List<DeadLetter> read = new ArrayList<>();
        for (var r :
                TopicReader.readAll(
                        KAFKA.bootstrapServers(), TOPICS.deadLetter(), Duration.ofSeconds(60))) {
            read.add(codec.decode(r.value()));
        }
        SnapshotAssembler assembler =
                SnapshotAssembler.builder().modelId("skew-it").maxPendingVersions(64).build();
        for (var r :
                TopicReader.readAll(
                        KAFKA.bootstrapServers(), TOPICS.snapshots(), Duration.ofSeconds(60))) {
            for (var result : assembler.accept(SnapshotCodec.decode(r.value()))) {
                if (result instanceof VerifiedSnapshot v) {
                    examplesTrained = Math.max(examplesTrained, v.manifest().getExamplesTrained());
                }
            }
        }
        letters = read;
    }

    private static Map<String, String> jobSettings() {
        Map<String, String> s =
                new HashMap<>(
                        generator(0)
                                .description()
                                .withWindows(OBSERVATION, ATTRIBUTION)
                                .jobSettings());
        s.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        s.putAll(TOPICS.settings());
        s.put("pipeline.job-name", "skew-it");
        s.put("kafka.bounded", "true");
        // Small fetches make each subtask read its two partitions in alternation, as a consumer
        // that keeps up with live traffic does, instead of one whole partition after the other.
        s.put("kafka.client.max.partition.fetch.bytes", "8192");
        s.put("pipeline.checkpoint-dir", checkpoints.toUri().toString());
        s.put("pipeline.checkpoint-interval", "1s");
        s.put("pipeline.parallelism", "2");
        s.put("model.hash-buckets", "1024");
        s.put("model.batch-size", "256");
        s.put("snapshots.interval-examples", "100000");
        s.put("snapshots.interval", "1h");
        return s;
    }

    /**
     * The stream starts an hour ago: old enough that none of it, up to its slowest conversion (24
     * minutes after the impression), is in the future.
     */
    private static SyntheticGenerator generator(long start) {
        return new SyntheticGenerator(
                SyntheticConfig.builder()
                        .seed(23)
                        .users(100)
                        .items(50)
                        .impressionsPerSecond(200)
                        .startEpochMillis(start)
                        .build());
    }

    private static int partitionOf(String impressionId) {
        return Math.floorMod(impressionId.hashCode(), PARTITIONS);
    }

    /**
     * Writes the stream with every event of partition 0 (impressions and their feedback, which
     * share the partition) stamped a minute earlier than the others at the same place in the log,
     * as a partition whose producers run behind; halfway, one impression from 50 minutes ahead.
     */
    private static void produceSkewedStream() {
        long start = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        EventCodec<Impression> impressions = EventCodec.of(Impression.class);
        EventCodec<Feedback> feedbackCodec = EventCodec.of(Feedback.class);
        Map<String, Long> impressionTime = new HashMap<>();
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            var events = generator(start).events(IMPRESSIONS);
            while (events.hasNext()) {
                StreamEvent event = events.next();
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = Impression.newBuilder(ie.impression()).build();
                    impressionTime.put(imp.getImpressionId(), imp.getEventTime());
                    imp.setEventTime(shifted(imp.getImpressionId(), imp.getEventTime()));
                    producer.send(
                            record(
                                    TOPICS.impressions(),
                                    imp.getImpressionId(),
                                    impressions.encode(imp)));
                    if (++sent == IMPRESSIONS / 2) {
                        fromTheFuture =
                                impressions.encode(
                                        Impression.newBuilder(imp)
                                                .setImpressionId("from-the-future")
                                                .setEventTime(
                                                        System.currentTimeMillis()
                                                                + AHEAD.toMillis())
                                                .build());
                        producer.send(
                                new ProducerRecord<>(
                                        TOPICS.impressions(),
                                        1,
                                        bytes("from-the-future"),
                                        fromTheFuture));
                    }
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    Feedback fb = Feedback.newBuilder(fe.feedback()).build();
                    count(fb, impressionTime.get(fb.getImpressionId()));
                    fb.setEventTime(shifted(fb.getImpressionId(), fb.getEventTime()));
                    producer.send(
                            record(
                                    TOPICS.feedback(),
                                    fb.getImpressionId(),
                                    feedbackCodec.encode(fb)));
                }
            }
            producer.flush();
        }
    }

    private static long shifted(String impressionId, long time) {
        return partitionOf(impressionId) == LAGGING_PARTITION ? time - LAG.toMillis() : time;
    }

    /** Counts the clean stream's labels, the same way the join's windows define them. */
    private static void count(Feedback fb, long impressionTime) {
        long delay = Math.max(0, fb.getEventTime() - impressionTime);
        String task = fb.getTask();
        if (delay > ATTRIBUTION.get(task).toMillis()) {
            cleanLate.merge(task, 1L, Long::sum);
        } else {
            cleanPositives.merge(task, 1L, Long::sum);
            if (delay > OBSERVATION.get(task).toMillis()) {
                delayedPositives++;
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, partitionOf(key), bytes(key), value);
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    @Timeout(300)
    void jobHasRun() throws Exception {
        ensureJobRan();
    }

    @Test
    void positiveRatesEqualTheCleanStreams() {
        Map<String, Long> late = new HashMap<>();
        for (DeadLetter d : letters) {
            if (d.getReason() == DeadLetterReason.LATE_FEEDBACK
                    || d.getReason() == DeadLetterReason.ORPHAN_FEEDBACK) {
                late.merge(task(d), 1L, Long::sum);
            }
        }
        for (String task : SyntheticGenerator.TASKS) {
            long positives = feedbackOf(task) - late.getOrDefault(task, 0L);
            assertThat((double) positives / IMPRESSIONS)
                    .as(
                            "positive rate of %s (clean stream: %s positives)",
                            task, cleanPositives.get(task))
                    .isCloseTo((double) cleanPositives.get(task) / IMPRESSIONS, within(0.002));
        }
    }

    @Test
    void skewLeavesNoOrphansAndNoExtraLateFeedback() {
        assertThat(count(DeadLetterReason.ORPHAN_FEEDBACK)).as("orphaned feedback").isZero();
        assertThat(count(DeadLetterReason.LATE_FEEDBACK))
                .as("late feedback: only what the clean stream has beyond its attribution windows")
                .isEqualTo(cleanLate.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void everyCleanExampleIsTrainedAndNoOtherOne() {
        assertThat(examplesTrained)
                .as("2 observed examples per impression + delayed positives")
                .isEqualTo(2L * IMPRESSIONS + delayedPositives);
    }

    @Test
    void theImpressionFromTheFutureIsDeadLetteredForItsTime() {
        assertThat(count(DeadLetterReason.OUT_OF_TIME_BOUNDS))
                .as("dead letters for their time")
                .isOne();
        assertThat(letters)
                .filteredOn(d -> ByteBuffer.wrap(fromTheFuture).equals(d.getPayload()))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.getReason())
                                    .isEqualTo(DeadLetterReason.OUT_OF_TIME_BOUNDS);
                            assertThat(d.getMessage()).contains("in the future");
                            assertThat(d.getSourcePartition()).isEqualTo(1);
                        });
    }

    private static long count(DeadLetterReason reason) {
        return letters.stream().filter(d -> d.getReason() == reason).count();
    }

    private static long feedbackOf(String task) {
        return cleanPositives.getOrDefault(task, 0L) + cleanLate.getOrDefault(task, 0L);
    }

    private static String task(DeadLetter d) {
        try {
            return EventCodec.of(Feedback.class)
                    .decode(toArray(d.getPayload()))
                    .getTask()
                    .toString();
        } catch (java.io.IOException e) {
            throw new AssertionError("a feedback dead letter holds no Feedback", e);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
