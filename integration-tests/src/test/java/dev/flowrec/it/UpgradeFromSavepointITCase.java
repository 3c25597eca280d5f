package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.fault.InputProgress;
import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import dev.flowrec.models.publish.TrainerSnapshotSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
 * An upgrade of a running job: it is stopped with a savepoint but not drained, so label windows
 * stay open in its state and the feedback that closes some of them has not been produced yet; it is
 * resumed from the savepoint with a changed option and fed the rest of the stream, then drained.
 * The snapshots a read_committed subscriber sees must continue across the upgrade (next version,
 * new lineage forked from the old one), the last must have trained every example of the whole input
 * exactly once (count and checksum), and the changed option must be in effect.
 *
 * <p>The option changed is {@code snapshots.interval-examples}: RestoreCompatibility refuses only
 * what changes the rows the restored model is fed (model type, scenarios, tasks, features, hash
 * buckets, sequences), and the publish schedule is read from the configuration at every start while
 * the restored publisher state keeps only where the last version was. Its effect is observable:
 * with the time trigger far away, each scheduled version lies between the interval and the interval
 * plus one batch after the one before.
 */
class UpgradeFromSavepointITCase {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeFromSavepointITCase.class);

    private static final String JOB_NAME = "upgrade-it";
    private static final int IMPRESSIONS = 8_000;

    /** Where the stream is cut: the impressions produced before the upgrade. */
    private static final int IMPRESSIONS_BEFORE = 4_000;

    private static final int BATCH = 128;
    private static final long INTERVAL_BEFORE = 1_000;
    private static final long INTERVAL_AFTER = 400;
    private static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "conversion", Duration.ofSeconds(30));
    private static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "conversion", Duration.ofSeconds(90));

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir static Path checkpoints;

    private static final JobTopics TOPICS = JobTopics.unique();

    private final Map<String, Long> shownAt = new HashMap<>();
    private long expectedExamples;
    private long expectedChecksum;

    @Test
    @Timeout(300)
    void anUpgradeFromASavepointContinuesVersionsAndTrainsEveryExampleOnce() throws Exception {
        TOPICS.create(KAFKA.broker(), 2);
        String savepoints = checkpoints.resolve("savepoints").toUri().toString();
        Iterator<StreamEvent> stream = generator().events(IMPRESSIONS);

        produce(stream, IMPRESSIONS_BEFORE);
        JobClient before = start(jobSettings(INTERVAL_BEFORE), SavepointRestoreSettings.none());
        awaitInputRead();
        awaitCommittedSnapshot();
        String savepoint =
                before.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        before.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        List<SnapshotManifest> committedBefore = committedManifests();

        JobClient after =
                start(jobSettings(INTERVAL_AFTER), SavepointRestoreSettings.forPath(savepoint));
        produce(stream, Integer.MAX_VALUE);
        awaitInputRead();
        after.stopWithSavepoint(true, savepoints, SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        after.getJobExecutionResult().get(1, TimeUnit.MINUTES);

        List<SnapshotManifest> committed = committedManifests();
        assertThat(committed)
                .as("what a subscriber saw before the upgrade is still the start of the topic")
                .startsWith(committedBefore.toArray(SnapshotManifest[]::new));
        int upgrade = committedBefore.size();
        assertThat(committed)
                .as("versions published after the upgrade")
                .hasSizeGreaterThan(upgrade);
        for (int i = 1; i < committed.size(); i++) {
            assertThat(committed.get(i).getVersion())
                    .as(
                            "manifest %d of %d: +1 across the upgrade, no gap or repeat",
                            i, committed.size())
                    .isEqualTo(committed.get(i - 1).getVersion() + 1);
            assertThat(committed.get(i).getParentVersion())
                    .isEqualTo(committed.get(i - 1).getVersion());
        }
        String lineageBefore = committed.get(upgrade - 1).getLineageId();
        assertThat(committed.subList(0, upgrade))
                .as("one lineage before the upgrade")
                .allMatch(m -> m.getLineageId().equals(lineageBefore));
        SnapshotManifest first = committed.get(upgrade);
        assertThat(first.getLineageId())
                .as("the upgraded job publishes in a new lineage")
                .isNotEqualTo(lineageBefore);
        assertThat(first.getParentLineageId())
                .as("forked from the lineage it was restored from")
                .isEqualTo(lineageBefore);
        assertThat(committed.subList(upgrade, committed.size()))
                .as("one lineage after the upgrade")
                .allMatch(m -> m.getLineageId().equals(first.getLineageId()));

        SnapshotManifest last = committed.get(committed.size() - 1);
        LOG.info(
                "Upgrade test: {} versions before the upgrade, {} after; examples expected {}"
                        + " ({} delayed positives) trained {}",
                upgrade,
                committed.size() - upgrade,
                expectedExamples,
                expectedExamples - 2L * IMPRESSIONS,
                last.getExamplesTrained());
        assertThat(last.getExamplesTrained())
                .as("examples trained over both runs: each example once, none lost")
                .isEqualTo(expectedExamples);
        assertThat(last.getProvenance().get(TrainerSnapshotSource.EXAMPLE_CHECKSUM))
                .as("checksum of the examples trained over both runs")
                .isEqualTo(ExampleChecksum.format(expectedChecksum));

        assertScheduled(committed.subList(0, upgrade), 0, INTERVAL_BEFORE, false);
        assertScheduled(
                committed.subList(upgrade, committed.size()),
                committed.get(upgrade - 1).getExamplesTrained(),
                INTERVAL_AFTER,
                true);
        assertThat(committed.size() - upgrade)
                .as("versions after the upgrade, at its shorter interval")
                .isGreaterThanOrEqualTo(4);
        // Provenance records the job's model.* and labels.* settings, not snapshots.*, so no
        // manifest field names the interval: the spacing of versions is what shows it.
    }

    /**
     * Each version lies between the interval and the interval plus one batch after the one before,
     * as training advances a batch at a time; the drain's version, last, may come sooner.
     */
    private static void assertScheduled(
            List<SnapshotManifest> versions, long examplesBefore, long interval, boolean drained) {
        long previous = examplesBefore;
        for (int i = 0; i < versions.size(); i++) {
            long fresh = versions.get(i).getExamplesTrained() - previous;
            if (drained && i == versions.size() - 1) {
                assertThat(fresh).as("examples in the drain's version").isBetween(1L, interval);
            } else {
                assertThat(fresh)
                        .as(
                                "examples since the version before v%d, at an interval of %d",
                                versions.get(i).getVersion(), interval)
                        .isBetween(interval, interval + BATCH - 1);
            }
            previous = versions.get(i).getExamplesTrained();
        }
    }

    private static JobClient start(Map<String, String> settings, SavepointRestoreSettings restore)
            throws Exception {
        FlowRecConfig config = FlowRecConfig.of(settings);
        Configuration conf = FlinkSettings.of(config);
        SavepointRestoreSettings.toConfiguration(restore, conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FlowRecJob.attach(env, config);
        return env.executeAsync(JOB_NAME);
    }

    private static void awaitInputRead() throws Exception {
        InputProgress.awaitRead(
                KAFKA.bootstrapServers(),
                JOB_NAME,
                List.of(TOPICS.impressions(), TOPICS.feedback()),
                Duration.ofMinutes(2));
    }

    private static void awaitCommittedSnapshot() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (committedManifests().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no snapshot committed within a minute");
            }
            Thread.sleep(500);
        }
    }

    /** The manifests a read_committed subscriber sees, in topic order, each verified. */
    private static List<SnapshotManifest> committedManifests() throws IOException {
        return TopicReader.manifests(
                KAFKA.bootstrapServers(), TOPICS.snapshots(), JOB_NAME, "read_committed");
    }

    /**
     * Produces the stream up to this many more impressions (with the feedback in between), or to
     * its end, and adds the examples they imply: two observation windows per impression, plus a
     * delayed positive for each feedback after its observation window and within its attribution
     * window. Delayed conversions of impressions before the cut come after it, into the upgraded
     * job.
     */
    private void produce(Iterator<StreamEvent> stream, int impressions) {
        EventCodec<Impression> impressionCodec = EventCodec.of(Impression.class);
        EventCodec<Feedback> feedbackCodec = EventCodec.of(Feedback.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            int sent = 0;
            while (stream.hasNext()) {
                StreamEvent event = stream.next();
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = ie.impression();
                    shownAt.put(imp.getImpressionId(), imp.getEventTime());
                    send(
                            producer,
                            TOPICS.impressions(),
                            imp.getImpressionId(),
                            impressionCodec.encode(imp));
                    expect(imp.getImpressionId(), 2);
                    if (++sent == impressions) {
                        break;
                    }
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    Feedback fb = fe.feedback();
                    long delay = fb.getEventTime() - shownAt.get(fb.getImpressionId());
                    if (delay > OBSERVATION.get(fb.getTask()).toMillis()
                            && delay <= ATTRIBUTION.get(fb.getTask()).toMillis()) {
                        expect(fb.getImpressionId(), 1);
                    }
                    send(
                            producer,
                            TOPICS.feedback(),
                            fb.getImpressionId(),
                            feedbackCodec.encode(fb));
                }
            }
            producer.flush();
        }
    }

    private void expect(String impressionId, int examples) {
        expectedExamples += examples;
        expectedChecksum += examples * ExampleChecksum.of(impressionId);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static SyntheticGenerator generator() {
        return new SyntheticGenerator(
                SyntheticConfig.builder()
                        .seed(11)
                        .users(100)
                        .items(50)
                        .impressionsPerSecond(200)
                        .build());
    }

    private static Map<String, String> jobSettings(long publishEveryExamples) {
        Map<String, String> s =
                new HashMap<>(
                        generator()
                                .description()
                                .withWindows(OBSERVATION, ATTRIBUTION)
                                .jobSettings());
        s.put("pipeline.job-name", JOB_NAME);
        s.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        s.putAll(TOPICS.settings());
        s.put("pipeline.checkpoint-dir", checkpoints.toUri().toString());
        s.put("pipeline.checkpoint-interval", "500ms");
        s.put("pipeline.parallelism", "2");
        s.put("labels.idle-timeout", "1s");
        s.put("model.type", "shared-bottom");
        s.put("model.hash-buckets", "1024");
        s.put("model.hidden-sizes", "16");
        s.put("model.batch-size", String.valueOf(BATCH));
        s.put(SnapshotOptions.INTERVAL_EXAMPLES.key(), String.valueOf(publishEveryExamples));
        // The time trigger stays out of reach, so every version but the drain's is due by count.
        s.put(SnapshotOptions.INTERVAL.key(), "1h");
        return s;
    }
}
