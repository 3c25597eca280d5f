package dev.flowrec.bench.fault;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.snapshot.AssemblyResult;
import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotRejection;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotVerifier;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.events.DeadLetter;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One fault run on a standalone cluster (B6): the job runs while {@link FaultStream} arrives at a
 * steady rate and processes die; at the end the job is drained and stopped, and the committed
 * snapshots, the dead letters and a serving replica tell whether anything was lost, trained twice
 * or served wrong.
 *
 * <p>Each TaskManager kill is SIGKILL of a process running the job's tasks, at a moment of one of
 * three kinds in turn: while a checkpoint is in progress, right after a snapshot record was written
 * (an open transaction), or at random; a new TaskManager process replaces it. The JobManager
 * restart kills the JobManager (without high availability its jobs die with it), starts a new one
 * and resubmits the job from its newest retained checkpoint, as an operator would. After each
 * recovery the next fault waits for a new completed checkpoint, so that every restore starts from
 * progress of its own.
 */
public final class FaultRun {
    public static final String JOB_NAME = "flowrec-fault";

    /**
     * The job signs its snapshots with a key pair drawn for the run and serving checks them with
     * its public key: a forged one must not pass. The TaskManagers read the private key from this
     * file under the run's folder.
     */
    private static final String SIGNING_KEY_FILE = "snapshot-signing.pem";

    private static final String SIGNING_KEY_ID = "fault-run";

    private static final String SNAPSHOTS = "flowrec.snapshots";
    private static final String DEAD_LETTERS = "flowrec.dead-letter";

    private final FaultPlan plan;
    private final JobSubmitter submitter;
    private final PrintWriter progress;
    private final KeyPair signingKeys = SnapshotKeys.generate();

    public FaultRun(FaultPlan plan, JobSubmitter submitter, PrintWriter progress) {
        this.plan = plan;
        this.submitter = submitter;
        this.progress = progress;
    }

    /** The job's options: the stream's own, with a small model and short intervals. */
    Map<String, String> jobSettings(StandaloneCluster cluster, FaultStream stream) {
        Map<String, String> s = new HashMap<>(stream.jobSettings());
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
        s.put(
                "snapshots.signing.private-key-file",
                cluster.runDir().resolve(SIGNING_KEY_FILE).toString());
        s.put("snapshots.signing.key-id", SIGNING_KEY_ID);
        return s;
    }

    public FaultResults run(StandaloneCluster cluster) throws Exception {
        Instant started = Instant.now();
        FaultStream stream = new FaultStream(plan, cluster.bootstrapServers());
        SnapshotKeys.writePrivateKey(
                cluster.runDir().resolve(SIGNING_KEY_FILE), signingKeys.getPrivate());
        Map<String, String> settings = jobSettings(cluster, stream);
        String jobId =
                submitter.submit(
                        cluster.host(), cluster.restPort(), cluster.jobJar(), settings, false);
        awaitFullyRunning(cluster, jobId);
        progress.printf(
                "Job %s runs; streaming for %d s at %.0f impressions/s%n",
                jobId, plan.stream().toSeconds(), plan.impressionsPerSecond());
        progress.flush();

        List<FaultResults.Fault> faults = new ArrayList<>();
        List<FaultResults.Sample> timeline = Collections.synchronizedList(new ArrayList<>());
        int failures = 0;
        try (ServingProbe probe =
                new ServingProbe(
                        cluster.bootstrapServers(),
                        SNAPSHOTS,
                        JOB_NAME,
                        SIGNING_KEY_ID,
                        signingKeys.getPublic(),
                        stream.sampleImpression())) {
            String[] current = {jobId};
            // The run's clock starts with the stream: submitting the job is not part of it.
            long t0 = System.nanoTime();
            Thread sampler = sampler(cluster, stream, probe, timeline, t0);
            Thread producing = new Thread(stream, "fault-stream");
            producing.start();

            Random random = new Random(plan.seed());
            for (int k = 0; k < plan.faults(); k++) {
                long due = t0 + plan.stream().toNanos() * (k + 1) / (plan.faults() + 1);
                while (System.nanoTime() < due) {
                    Thread.sleep(100);
                }
                if (k < plan.taskManagerKills()) {
                    String moment = awaitMoment(cluster, current[0], k % 3);
                    List<java.nio.file.Path> running = cluster.taskManagersRunning(current[0]);
                    java.nio.file.Path victim = running.get(random.nextInt(running.size()));
                    long killedAt = System.nanoTime();
                    cluster.kill(victim);
                    cluster.startTaskManager();
                    awaitFailureNoticed(cluster, current[0]);
                    awaitFullyRunning(cluster, current[0]);
                    faults.add(
                            fault(
                                    t0,
                                    killedAt,
                                    victim.getFileName().toString().replace(".pid", ""),
                                    moment));
                } else {
                    failures += cluster.failures(current[0]);
                    long killedAt = System.nanoTime();
                    cluster.killJobManager();
                    cluster.startJobManager();
                    String resumed =
                            submitter.submit(
                                    cluster.host(),
                                    cluster.restPort(),
                                    cluster.jobJar(),
                                    settings,
                                    true);
                    current[0] = resumed;
                    awaitFullyRunning(cluster, resumed);
                    faults.add(
                            fault(
                                    t0,
                                    killedAt,
                                    "jobmanager",
                                    "resumed from its newest retained checkpoint"));
                }
                FaultResults.Fault last = faults.get(faults.size() - 1);
                awaitCheckpoint(cluster, current[0]);
                progress.printf(
                        "Fault %d/%d: killed %s %s; running again after %d ms%n",
                        k + 1, plan.faults(), last.process(), last.moment(), last.recoveryMillis());
                progress.flush();
            }
            failures += cluster.failures(current[0]);
            producing.join();
            progress.println(
                    "Stream sent; waiting for the job to read it, then stopping it with a drain");
            progress.flush();
            InputProgress.awaitRead(
                    cluster.bootstrapServers(),
                    JOB_NAME,
                    List.of(FaultStream.IMPRESSIONS, FaultStream.FEEDBACK),
                    Duration.ofMinutes(3));
            cluster.stopWithDrain(current[0], Duration.ofMinutes(2));
            awaitState(cluster, current[0], "FINISHED");
            int tampered = tamper(cluster, probe);
            sampler.interrupt();
            sampler.join();

            CommittedSnapshots read = committedSnapshots(cluster);
            List<SnapshotManifest> committed = read.verified();
            SnapshotManifest newest =
                    committed.isEmpty() ? null : committed.get(committed.size() - 1);
            probe.close();
            return new FaultResults(
                    "B6",
                    started.toString(),
                    Machine.current(),
                    plan,
                    (System.nanoTime() - t0) / 1e9,
                    faults,
                    failures,
                    stream.expectedExamples(),
                    newest == null ? 0 : newest.getExamplesTrained(),
                    ExampleChecksum.format(stream.expectedChecksum()),
                    newest == null
                            ? ""
                            : newest.getProvenance()
                                    .getOrDefault(
                                            dev.flowrec.models.publish.TrainerSnapshotSource
                                                    .EXAMPLE_CHECKSUM,
                                            ""),
                    committed.size(),
                    (int) committed.stream().map(SnapshotManifest::getLineageId).distinct().count(),
                    VersionChain.problems(
                            committed.stream()
                                    .map(
                                            m ->
                                                    new VersionChain.Link(
                                                            m.getVersion(),
                                                            m.getLineageId(),
                                                            m.getParentLineageId()))
                                    .toList()),
                    stream.badSent(),
                    stream.orphanFeedback(),
                    stream.duplicateFeedback(),
                    stream.impressionsReordered(),
                    deadLetterKeys(cluster),
                    probe.scored(),
                    probe.errors(),
                    probe.firstError(),
                    probe.rejected(),
                    tampered,
                    read.refused(),
                    newest == null ? 0 : newest.getVersion(),
                    probe.highestVersionServed(),
                    List.copyOf(timeline));
        }
    }

    /**
     * After the job's last version, writes tampered snapshots beside it and waits, up to 30 s, for
     * serving to refuse them all.
     */
    private int tamper(StandaloneCluster cluster, ServingProbe probe) throws InterruptedException {
        List<SnapshotRecord> genuine = committedSnapshots(cluster).newestRecords();
        if (genuine.isEmpty()) {
            progress.println("No committed snapshot to tamper with");
            return 0;
        }
        long refusedBefore = probe.refusedTotal();
        int tampered =
                SnapshotTampering.write(
                        cluster.bootstrapServers(),
                        SNAPSHOTS,
                        JOB_NAME,
                        genuine,
                        SnapshotSigner.of(SIGNING_KEY_ID, signingKeys.getPrivate()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (probe.refusedTotal() < refusedBefore + tampered && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        progress.printf(
                "Wrote %d tampered snapshots; serving refused %d%n",
                tampered, probe.refusedTotal() - refusedBefore);
        progress.flush();
        return tampered;
    }

    private static FaultResults.Fault fault(long t0, long killedAt, String process, String moment) {
        return new FaultResults.Fault(
                Math.round((killedAt - t0) / 1e8) / 10.0,
                process,
                moment,
                (System.nanoTime() - killedAt) / 1_000_000);
    }

    /** Samples the run once a second until interrupted. */
    private static Thread sampler(
            StandaloneCluster cluster,
            FaultStream stream,
            ServingProbe probe,
            List<FaultResults.Sample> timeline,
            long t0) {
        Thread t =
                new Thread(
                        () -> {
                            Properties props = new Properties();
                            props.put(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    cluster.bootstrapServers());
                            try (Admin admin = Admin.create(props)) {
                                while (!Thread.currentThread().isInterrupted()) {
                                    timeline.add(
                                            new FaultResults.Sample(
                                                    Math.round((System.nanoTime() - t0) / 1e8)
                                                            / 10.0,
                                                    stream.eventsSent(),
                                                    eventsCommitted(admin),
                                                    probe.version(),
                                                    probe.examplesTrained()));
                                    Thread.sleep(1_000);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "fault-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The input records the job has read as of its last completed checkpoint: the offsets its
     * sources commit to its consumer group then, summed over partitions; -1 when unknown.
     */
    private static long eventsCommitted(Admin admin) {
        try {
            return admin
                    .listConsumerGroupOffsets(JOB_NAME)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        } catch (Exception e) {
            return -1;
        }
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
                TopicPartition snapshots = new TopicPartition(SNAPSHOTS, 0);
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
                throw new IllegalStateException(
                        "job " + jobId + " did not notice the kill within 1 min");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitFullyRunning(StandaloneCluster cluster, String jobId)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!running(cluster, jobId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " did not recover within 3 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** Running, and false rather than an error while a new JobManager does not know the job yet. */
    private static boolean running(StandaloneCluster cluster, String jobId) {
        try {
            return cluster.fullyRunning(jobId);
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Waits for a checkpoint completed after the recovery, so that the next fault restores from
     * progress made since this one, not from the same checkpoint again.
     */
    private static void awaitCheckpoint(StandaloneCluster cluster, String jobId) throws Exception {
        long before = cluster.completedCheckpoints(jobId);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (cluster.completedCheckpoints(jobId) <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " completed no checkpoint within 2 min of recovering");
            }
            Thread.sleep(200);
        }
    }

    private static void awaitState(StandaloneCluster cluster, String jobId, String state)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!state.equals(cluster.jobState(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " is " + cluster.jobState(jobId) + ", not " + state);
            }
            Thread.sleep(200);
        }
    }

    /** The committed snapshots in topic order, as a read_committed subscriber assembles them. */
    /**
     * What a read_committed reader finds on the snapshot topic: the versions that verify in topic
     * order, the records of the newest of them, and the records refused, by reason.
     */
    private record CommittedSnapshots(
            List<SnapshotManifest> verified,
            List<SnapshotRecord> newestRecords,
            Map<String, Long> refused) {}

    private CommittedSnapshots committedSnapshots(StandaloneCluster cluster) {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder()
                        .modelId(JOB_NAME)
                        .verifier(
                                SnapshotVerifier.of(
                                        Map.of(SIGNING_KEY_ID, signingKeys.getPublic())))
                        .maxPendingVersions(64)
                        .build();
        List<SnapshotManifest> verified = new ArrayList<>();
        Map<String, List<SnapshotRecord>> byVersion = new HashMap<>();
        List<SnapshotRecord> newest = List.of();
        Map<String, Long> refused = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(cluster, SNAPSHOTS)) {
            SnapshotRecord record;
            try {
                record = SnapshotCodec.decode(r.value());
            } catch (IOException | RuntimeException e) {
                refused.merge(RejectReason.MALFORMED.name(), 1L, Long::sum);
                continue;
            }
            byVersion.computeIfAbsent(versionOf(record), v -> new ArrayList<>()).add(record);
            for (AssemblyResult result : assembler.accept(record)) {
                if (result instanceof VerifiedSnapshot v) {
                    verified.add(v.manifest());
                    newest = byVersion.remove(versionOf(record));
                } else if (result instanceof SnapshotRejection rejection) {
                    refused.merge(rejection.reason().name(), 1L, Long::sum);
                }
            }
        }
        return new CommittedSnapshots(verified, newest, refused);
    }

    private static String versionOf(SnapshotRecord record) {
        return record.getPayload() instanceof SnapshotManifest m
                ? m.getLineageId() + "/" + m.getVersion()
                : ((SnapshotChunk) record.getPayload()).getLineageId()
                        + "/"
                        + ((SnapshotChunk) record.getPayload()).getVersion();
    }

    private static List<String> deadLetterKeys(StandaloneCluster cluster) throws IOException {
        EventCodec<DeadLetter> codec = EventCodec.of(DeadLetter.class);
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(cluster, DEAD_LETTERS)) {
            DeadLetter letter = codec.decode(r.value());
            keys.add(
                    letter.getKey() == null
                            ? "(no key) " + letter.getReason()
                            : StandardCharsets.UTF_8.decode(letter.getKey()).toString());
        }
        return keys;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(
            StandaloneCluster cluster, String topic) {
        return TopicRecords.readAll(
                cluster.bootstrapServers(), topic, Duration.ofSeconds(60), "read_committed");
    }

    private static KafkaConsumer<byte[], byte[]> consumer(
            StandaloneCluster cluster, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(2 << 20));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
