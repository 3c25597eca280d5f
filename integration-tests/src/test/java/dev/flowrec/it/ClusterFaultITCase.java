package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.AssemblyResult;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import dev.flowrec.models.publish.TrainerSnapshotSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once against real process deaths: the job jar runs on the standalone cluster of
 * deploy/standalone (a JobManager and two TaskManager processes, a Kafka broker process) while a
 * known stream arrives at a steady rate and TaskManagers are killed with SIGKILL five times, during
 * checkpoints, during snapshot publishes and at random, each replaced by a new TaskManager process.
 * At the end the job is stopped with a drain, which closes every label window, and the newest
 * snapshot must name exactly the input's training examples, each once (count and checksum).
 */
class ClusterFaultITCase {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultITCase.class);

    private static final String JOB_NAME = "cluster-fault-it";
    private static final double RATE = 150;
    private static final Duration STREAM = Duration.ofSeconds(70);
    private static final int KILLS = 5;
    private static final int BAD_RECORDS = 20;
    private static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "conversion", Duration.ofSeconds(30));
    private static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "conversion", Duration.ofSeconds(90));
    private static final long SEED = Long.getLong("flowrec.fault-seed", 20261207L);

    /** Under target/, not a temporary folder: the processes' logs outlive a failed run. */
    private final Path runDir =
            Path.of("target", "cluster-fault-it-" + System.currentTimeMillis()).toAbsolutePath();

    private final AtomicLong expectedExamples = new AtomicLong();
    private final AtomicLong expectedChecksum = new AtomicLong();
    private final AtomicLong badSent = new AtomicLong();

    @Test
    @Timeout(900)
    void killedTaskManagersLoseNothingAndRepeatNothing() throws Exception {
        try (StandaloneCluster cluster = StandaloneCluster.start(runDir, 2, 2)) {
            String jobId = submit(cluster);
            Thread producing = new Thread(() -> produce(cluster), "fault-it-producer");
            producing.start();

            Random random = new Random(SEED);
            List<String> kills = new ArrayList<>();
            List<Long> recoveryMillis = new ArrayList<>();
            long start = System.nanoTime();
            for (int k = 0; k < KILLS; k++) {
                long due = start + STREAM.toNanos() * (k + 1) / (KILLS + 1);
                while (System.nanoTime() < due) {
                    Thread.sleep(100);
                }
                String moment = awaitMoment(cluster, jobId, k % 3);
                List<Path> running = cluster.taskManagersRunning(jobId);
                Path victim = running.get(random.nextInt(running.size()));
                long killedAt = System.nanoTime();
                cluster.kill(victim);
                cluster.startTaskManager();
                awaitFailureNoticed(cluster, jobId);
                awaitFullyRunning(cluster, jobId);
                recoveryMillis.add((System.nanoTime() - killedAt) / 1_000_000);
                kills.add(victim.getFileName() + " " + moment);
            }
            int failures = cluster.failures(jobId);
            producing.join();
            // A stop takes the sources where they are, so first let the job read every record;
            // then stop it draining: every label window closes and the trainer publishes what it
            // trained last.
            InputProgress.awaitRead(
                    cluster.bootstrapServers(),
                    JOB_NAME,
                    List.of("flowrec.impressions", "flowrec.feedback"),
                    Duration.ofMinutes(3));
            String savepoint = stopWithDrain(cluster, jobId);
            awaitState(cluster, jobId, "FINISHED");

            List<SnapshotManifest> committed = manifests(cluster);
            SnapshotManifest last = committed.get(committed.size() - 1);
            List<String> deadLetters = deadLetterKeys(cluster);
            LOG.info(
                    "Cluster fault test: kills {}; failures recorded {}; recovery ms {}; examples"
                            + " expected {} trained {}; checksum expected {} published {}; {}"
                            + " snapshots committed; dead letters {} of {} injected; savepoint {}",
                    kills,
                    failures,
                    recoveryMillis,
                    expectedExamples.get(),
                    last.getExamplesTrained(),
                    ExampleChecksum.format(expectedChecksum.get()),
                    last.getProvenance().get(TrainerSnapshotSource.EXAMPLE_CHECKSUM),
                    committed.size(),
                    deadLetters.size(),
                    badSent.get(),
                    savepoint);

            assertThat(kills).hasSize(KILLS);
            assertThat(failures).as("each kill failed the job once").isGreaterThanOrEqualTo(KILLS);
            for (int i = 1; i < committed.size(); i++) {
                SnapshotManifest m = committed.get(i);
                SnapshotManifest previous = committed.get(i - 1);
                assertThat(m.getVersion())
                        .as("versions never go backwards")
                        .isEqualTo(previous.getVersion() + 1);
                if (!m.getLineageId().equals(previous.getLineageId())) {
                    assertThat(m.getParentLineageId()).isEqualTo(previous.getLineageId());
                }
            }
            assertThat(last.getExamplesTrained())
                    .as("examples trained in the newest lineage")
                    .isEqualTo(expectedExamples.get());
            assertThat(last.getProvenance().get(TrainerSnapshotSource.EXAMPLE_CHECKSUM))
                    .as("each example once: the checksum of the examples trained")
                    .isEqualTo(ExampleChecksum.format(expectedChecksum.get()));
            assertThat(deadLetters)
                    .as("the dead-letter topic holds exactly the injected bad records")
                    .hasSize((int) badSent.get())
                    .allMatch(key -> key.startsWith("bad-"))
                    .doesNotHaveDuplicates();
        }
    }

    private String submit(StandaloneCluster cluster) throws Exception {
        SyntheticGenerator generator = generator(0);
        Map<String, String> s =
                new HashMap<>(
                        generator
                                .description()
                                .withWindows(OBSERVATION, ATTRIBUTION)
                                .jobSettings());
        s.put("pipeline.job-name", JOB_NAME);
        s.put("kafka.bootstrap-servers", cluster.bootstrapServers());
        s.put(
                "pipeline.checkpoint-dir",
                cluster.runDir().resolve("checkpoints").toUri().toString());
        s.put("pipeline.checkpoint-interval", "2s");
        s.put("pipeline.parallelism", "2");
        s.put("model.type", "shared-bottom");
        s.put("model.hash-buckets", "2048");
        s.put("model.hidden-sizes", "32");
        s.put("model.batch-size", "128");
        s.put("snapshots.interval", "3s");
        FlowRecConfig config = FlowRecConfig.of(s);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        cluster.host(),
                        cluster.restPort(),
                        FlinkSettings.of(config),
                        cluster.jobJar().toString());
        FlowRecJob.attach(env, config);
        JobClient job = env.executeAsync(JOB_NAME);
        String id = job.getJobID().toHexString();
        awaitFullyRunning(cluster, id);
        return id;
    }

    /** The synthetic world, its stream starting this far in the future. */
    private static SyntheticGenerator generator(long startInMillis) {
        return new SyntheticGenerator(
                SyntheticConfig.builder()
                        .seed(SEED)
                        .users(100)
                        .items(50)
                        .impressionsPerSecond(RATE)
                        .startEpochMillis(System.currentTimeMillis() + startInMillis)
                        .build());
    }

    /**
     * Produces the stream on the wall clock, leaving out feedback beyond its attribution window (it
     * would be a dead letter of the stream's own, and the test counts only injected ones), and
     * works out what the job must train: two observation windows per impression plus a delayed
     * positive for each feedback after its observation window.
     */
    private void produce(StandaloneCluster cluster) {
        EventCodec<Impression> impressions = EventCodec.of(Impression.class);
        EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
        Map<String, Long> shownAt = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        SyntheticGenerator generator = generator(1_000);
        long end = System.currentTimeMillis() + STREAM.toMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var events = generator.events();
            long sent = 0;
            while (events.hasNext()) {
                StreamEvent event = events.next();
                if (event.eventTime() > end) {
                    break;
                }
                long wait = event.eventTime() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = ie.impression();
                    shownAt.put(imp.getImpressionId(), imp.getEventTime());
                    send(
                            producer,
                            "flowrec.impressions",
                            imp.getImpressionId(),
                            impressions.encode(imp));
                    expect(imp.getImpressionId(), 2);
                    if (++sent % 500 == 0 && badSent.get() < BAD_RECORDS) {
                        sendBad(producer);
                    }
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    Feedback fb = fe.feedback();
                    Long shown = shownAt.get(fb.getImpressionId());
                    if (shown == null) {
                        continue; // its impression came before the stream was cut at the start
                    }
                    long delay = Math.max(0, fb.getEventTime() - shown);
                    if (delay > ATTRIBUTION.get(fb.getTask()).toMillis()) {
                        continue;
                    }
                    if (delay > OBSERVATION.get(fb.getTask()).toMillis()) {
                        expect(fb.getImpressionId(), 1);
                    }
                    send(producer, "flowrec.feedback", fb.getImpressionId(), feedback.encode(fb));
                }
            }
            while (badSent.get() < BAD_RECORDS) {
                sendBad(producer);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expect(String impressionId, int examples) {
        expectedExamples.addAndGet(examples);
        expectedChecksum.addAndGet(examples * ExampleChecksum.of(impressionId));
    }

    private void sendBad(KafkaProducer<byte[], byte[]> producer) {
        long n = badSent.getAndIncrement();
        byte[] value =
                n % 2 == 0
                        ? ("not avro " + n).getBytes(StandardCharsets.UTF_8)
                        : new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xFF};
        send(producer, n % 3 == 0 ? "flowrec.feedback" : "flowrec.impressions", "bad-" + n, value);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    /**
     * Waits, up to 10 s, for the moment of this kind: 0 while a checkpoint is in progress, 1 when a
     * snapshot record was just written (an open transaction, seen read_uncommitted), 2 now.
     */
    private static String awaitMoment(StandaloneCluster cluster, String jobId, int kind)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        if (kind == 0) {
            while (System.nanoTime() < deadline) {
                if (cluster.checkpointInProgress(jobId)) {
                    return "during a checkpoint";
                }
                Thread.sleep(20);
            }
            return "(no checkpoint in progress within 10 s)";
        }
        if (kind == 1) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, "read_uncommitted")) {
                TopicPartition snapshots = new TopicPartition("flowrec.snapshots", 0);
                consumer.assign(List.of(snapshots));
                consumer.seekToEnd(List.of(snapshots));
                consumer.position(snapshots);
                while (System.nanoTime() < deadline) {
                    if (!consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                        return "during a snapshot publish";
                    }
                }
            }
            return "(no snapshot publish within 10 s)";
        }
        return "at a random moment";
    }

    /**
     * The JobManager notices a killed TaskManager when its connection drops or its heartbeat times
     * out; until then the job still looks running.
     */
    private static void awaitFailureNoticed(StandaloneCluster cluster, String jobId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (cluster.fullyRunning(jobId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not notice the kill within 1 min");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitFullyRunning(StandaloneCluster cluster, String jobId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!cluster.fullyRunning(jobId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not recover within 3 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitState(StandaloneCluster cluster, String jobId, String state)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!state.equals(cluster.jobState(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job " + jobId + " is " + cluster.jobState(jobId) + ", not " + state);
            }
            Thread.sleep(200);
        }
    }

    private static String stopWithDrain(StandaloneCluster cluster, String jobId) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, cluster.host());
        conf.set(RestOptions.PORT, cluster.restPort());
        try (RestClusterClient<StandaloneClusterId> client =
                new RestClusterClient<>(conf, StandaloneClusterId.getInstance())) {
            return client.stopWithSavepoint(
                            JobID.fromHexString(jobId),
                            true,
                            cluster.runDir().resolve("savepoints").toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get();
        }
    }

    private static List<SnapshotManifest> manifests(StandaloneCluster cluster) throws Exception {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder().modelId(JOB_NAME).maxPendingVersions(64).build();
        List<SnapshotManifest> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.readAll(
                        cluster.bootstrapServers(), "flowrec.snapshots", Duration.ofSeconds(60))) {
            for (AssemblyResult result : assembler.accept(SnapshotCodec.decode(r.value()))) {
                assertThat(result)
                        .as("every committed snapshot verifies: nothing of an aborted attempt")
                        .isInstanceOf(VerifiedSnapshot.class);
                out.add(((VerifiedSnapshot) result).manifest());
            }
        }
        return out;
    }

    private static List<String> deadLetterKeys(StandaloneCluster cluster) throws Exception {
        EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.readAll(
                        cluster.bootstrapServers(),
                        "flowrec.dead-letter",
                        Duration.ofSeconds(60))) {
            DeadLetter letter = codec.decode(r.value());
            keys.add(
                    letter.getKey() == null
                            ? "(no key) " + letter.getReason()
                            : StandardCharsets.UTF_8.decode(letter.getKey()).toString());
        }
        return keys;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
            StandaloneCluster cluster, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
