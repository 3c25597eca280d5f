package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.bench.fault.InputProgress;
import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Impression;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
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

/**
 * A drain after the input went quiet: every label window is still open (they are 30 and 60 minutes
 * long) and every source partition has been idle for seconds when the job is stopped with {@code
 * --drain}. The drain must still close every window and the trainer must publish a model trained on
 * all of them, although Flink drops the final watermark of an idle source (FLINK-40499).
 */
class DrainAfterIdleITCase {
    private static final int IMPRESSIONS = 1_000;
    private static final String JOB_NAME = "drain-after-idle-it";

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir static Path checkpoints;

    private static final JobTopics TOPICS = JobTopics.unique();
    private static final long START = System.currentTimeMillis() - 10_000;

    @Test
    @Timeout(300)
    void aDrainOfIdleSourcesClosesEveryWindowAndPublishesTheLastModel() throws Exception {
        TOPICS.create(KAFKA.broker(), 2);
        produceImpressions();
        FlowRecConfig config = FlowRecConfig.of(jobSettings());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        FlowRecJob.attach(env, config);
        JobClient job = env.executeAsync(JOB_NAME);

        InputProgress.awaitRead(
                KAFKA.bootstrapServers(),
                JOB_NAME,
                List.of(TOPICS.impressions(), TOPICS.feedback()),
                Duration.ofMinutes(2));
        // Well past the idle timeout: every partition has been marked idle.
        Thread.sleep(3_000);
        job.stopWithSavepoint(
                        true,
                        checkpoints.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(1, TimeUnit.MINUTES);

        assertThat(newestExamplesTrained())
                .as("examples in the model published at the drain: two windows per impression")
                .isEqualTo(2L * IMPRESSIONS);
    }

    private static Map<String, String> jobSettings() {
        // Windows apart, so that each impression trains twice: when its click window closes and
        // when its conversion window does.
        Map<String, Duration> windows =
                Map.of("click", Duration.ofMinutes(30), "conversion", Duration.ofHours(1));
        Map<String, String> s =
                new HashMap<>(
                        generator().description().withWindows(windows, windows).jobSettings());
        s.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        s.putAll(TOPICS.settings());
        s.put("pipeline.job-name", JOB_NAME);
        s.put("pipeline.checkpoint-dir", checkpoints.toUri().toString());
        s.put("pipeline.checkpoint-interval", "500ms");
        s.put("pipeline.parallelism", "2");
        s.put("labels.idle-timeout", "1s");
        s.put("model.hash-buckets", "1024");
        s.put("model.batch-size", "128");
        return s;
    }

    private static SyntheticGenerator generator() {
        return new SyntheticGenerator(
                SyntheticConfig.builder()
                        .seed(31)
                        .users(50)
                        .items(20)
                        .impressionsPerSecond(200)
                        .startEpochMillis(START)
                        .build());
    }

    /** Impressions only: no feedback, so each trains once as each of its two windows closes. */
    private static void produceImpressions() {
        EventCodec<Impression> codec = EventCodec.of(Impression.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var events = generator().events();
            int sent = 0;
            while (sent < IMPRESSIONS) {
                if (events.next() instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = ie.impression();
                    producer.send(
                            new ProducerRecord<>(
                                    TOPICS.impressions(),
                                    imp.getImpressionId().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(imp)));
                    sent++;
                }
            }
        }
    }

    private static long newestExamplesTrained() throws Exception {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder().modelId(JOB_NAME).maxPendingVersions(64).build();
        long newest = 0;
        for (var r :
                TopicReader.readAll(
                        KAFKA.bootstrapServers(), TOPICS.snapshots(), Duration.ofSeconds(60))) {
            for (var result : assembler.accept(SnapshotCodec.decode(r.value()))) {
                if (result instanceof VerifiedSnapshot v) {
                    newest = v.manifest().getExamplesTrained();
                }
            }
        }
        return newest;
    }
}
