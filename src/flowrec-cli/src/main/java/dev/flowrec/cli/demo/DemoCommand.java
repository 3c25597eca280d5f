package dev.flowrec.cli.demo;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.cli.DataFolderOption;
import dev.flowrec.core.config.Durations;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.JobIdentity;
import dev.flowrec.core.config.KafkaOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.config.PipelineOptions;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.data.movielens.MovieLensReplay;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.embedded.EmbeddedKafka;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import dev.flowrec.serving.SnapshotSubscriber;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded demo: a KRaft broker, a producer replaying a data set (the synthetic generator by
 * default), FlowRecJob on a local Flink runtime (RocksDB, checkpoints, exactly-once sinks), a
 * serving subscriber scoring a probe set, and a dead-letter counter, all in this process; live
 * progress on the terminal and a report folder at the end.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole flow in one process on a data set, with live progress and a report.")
public final class DemoCommand implements Callable<Integer> {
    private static final String IMPRESSIONS = "flowrec.impressions";
    private static final String FEEDBACK = "flowrec.feedback";
    private static final String DEAD_LETTER = "flowrec.dead-letter";
    private static final String SNAPSHOTS = "flowrec.snapshots";
    private static final String DEMO_KEY_ID = "demo";

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--duration",
            defaultValue = "3min",
            description = "How long to run, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--kafka-port",
            defaultValue = "0",
            description = "Fixed loopback port for the broker (default: any free port).")
    int kafkaPort;

    @Option(names = "--report", description = "Report folder (default: reports/demo-<time>).")
    Path report;

    @Option(
            names = "--dataset",
            defaultValue = "synthetic",
            description =
                    "Data set to replay: synthetic, " + "movielens-1m (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin DataFolderOption data;

    @Option(
            names = "--rate",
            defaultValue = "400",
            description = "Impressions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Seed of the synthetic world and stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--users",
            defaultValue = "300",
            description = "Users in the synthetic world (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--items",
            defaultValue = "150",
            description = "Items in the synthetic world (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(
            names = "--progress-every",
            defaultValue = "5s",
            description = "Progress interval (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(
            names = "--inject-bad-every",
            defaultValue = "5000",
            description =
                    "Inject one bad record of each kind (undecodable, hostile lengths, oversized,"
                            + " unknown scenario or task...) every N impressions to show the"
                            + " dead-letter path; 0"
                            + " disables (default: ${DEFAULT-VALUE}).")
    int badEvery;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Override a FlowRec option (docs/configuration.md).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    @SuppressWarnings(
            "try") // the dead-letter counter is closed early, before the report reads its counts
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!DemoDataset.NAMES.contains(dataset)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "Unknown --dataset '"
                            + dataset
                            + "' (known: "
                            + String.join(", ", DemoDataset.NAMES)
                            + ")");
        }
        Path reportDir =
                report != null
                        ? report
                        : Path.of(
                                "reports",
                                "demo-"
                                        + LocalDateTime.now()
                                                .format(
                                                        DateTimeFormatter.ofPattern(
                                                                "yyyyMMdd-HHmmss")));
        Path checkpoints = Files.createTempDirectory("flowrec-demo-checkpoints");
        // The job signs with a key pair drawn for this run, as a deployment would with its own:
        // the private key stays in a file the trainer reads, serving holds the public key.
        KeyPair signingKeys = SnapshotKeys.generate();
        Path signingKeyFile =
                Files.createTempDirectory("flowrec-demo-keys").resolve(DEMO_KEY_ID + ".pem");
        SnapshotKeys.writePrivateKey(signingKeyFile, signingKeys.getPrivate());
        Path publicKeyFile = signingKeyFile.resolveSibling(DEMO_KEY_ID + ".pub");
        SnapshotKeys.writePublicKey(publicKeyFile, signingKeys.getPublic());
        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    interrupted.countDown();
                                    try {
                                        finished.await(60, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "demo-shutdown"));

        out.printf(
                "FlowRec demo: %s, %s, %.0f impressions/s, report in %s%n",
                dataset, Durations.format(duration), rate, reportDir);
        out.printf("Machine: %s%n", Machine.current().describe());
        out.flush();
        Instant startedAt = Instant.now();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort)) {
            kafka.createTopics(2, IMPRESSIONS, FEEDBACK);
            kafka.createTopics(1, DEAD_LETTER, SNAPSHOTS);
            out.printf(
                    "Kafka (KRaft) is up at %s: produce Avro Impression/Feedback records to %s and"
                            + " %s from any client.%n",
                    kafka.bootstrapServers(), IMPRESSIONS, FEEDBACK);
            // Made once the broker is up: a generated stream starts on the wall clock.
            DemoDataset replayed = replayed();
            FlowRecConfig config =
                    FlowRecConfig.of(settings(replayed, kafka.bootstrapServers(), checkpoints))
                            .with(
                                    Map.of(
                                            SnapshotOptions.SIGNING_PRIVATE_KEY_FILE.key(),
                                            signingKeyFile.toString(),
                                            SnapshotOptions.SIGNING_KEY_ID.key(),
                                            DEMO_KEY_ID));
            out.printf(
                    "Snapshots are signed; serve them over HTTP while the demo runs with:%n"
                            + "  ./flowrec serve --bootstrap %s --model-id %s --public-key %s=%s"
                            + " --port 8080%n",
                    kafka.bootstrapServers(),
                    JobIdentity.of(config).modelId(),
                    DEMO_KEY_ID,
                    publicKeyFile);

            ProbeSet probe = new ProbeSet(replayed.probes());
            StreamProducer producer =
                    new StreamProducer(
                            kafka.bootstrapServers(),
                            IMPRESSIONS,
                            FEEDBACK,
                            replayed.stream().events(),
                            replayed.pacing(),
                            replayed.description().space(),
                            badEvery);
            int restPort = freePort();
            Configuration flink = FlinkSettings.of(config);
            flink.set(RestOptions.BIND_PORT, String.valueOf(restPort));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flink);
            FlowRecJob.attach(env, config);
            JobClient job = env.executeAsync(JobIdentity.of(config).jobName());
            JobRestarts restarts = new JobRestarts(restPort, job.getJobID());
            List<JobRestarts.Failure> failures = List.of();
            out.printf(
                    "Flink job %s running (RocksDB state, checkpoints every %s in %s).%n",
                    job.getJobID(),
                    config.toMap().get("pipeline.checkpoint-interval"),
                    checkpoints);
            out.flush();

            Timeline timeline = new Timeline();
            try (SnapshotSubscriber subscriber =
                            SnapshotSubscriber.builder()
                                    .bootstrapServers(kafka.bootstrapServers())
                                    .topic(SNAPSHOTS)
                                    .modelId(JobIdentity.of(config).modelId())
                                    .publicKey(DEMO_KEY_ID, signingKeys.getPublic())
                                    .build()
                                    .start();
                    DeadLetterCounter deadLetters =
                            new DeadLetterCounter(
                                    kafka.bootstrapServers(), DEAD_LETTER, BadRecords.names())) {
                Thread producing = start("demo-producer", producer);
                Thread counting = start("demo-dead-letters", deadLetters);
                ProgressLine line = new ProgressLine(out);
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                while (System.nanoTime() < end
                        && !interrupted.await(progressEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (job.getJobStatus().get().isTerminalState()) {
                        out.println("The Flink job stopped: " + job.getJobStatus().get());
                        break;
                    }
                    probe.scoreIfNew(subscriber.scorer(), subscriber.currentVersion());
                    Timeline.Point p =
                            new Timeline.Point(
                                    (System.nanoTime() - start) / 1e9,
                                    producer.impressionsSent.get(),
                                    producer.feedbackSent.get(),
                                    producer.newestEventTime.get(),
                                    subscriber.current().map(m -> m.manifest()).orElse(null),
                                    deadLetters.total());
                    timeline.add(p);
                    line.print(timeline, System.currentTimeMillis());
                    failures = reportNewFailures(out, restarts, failures);
                }
                out.println(
                        interrupted.getCount() == 0
                                ? "Interrupted: stopping cleanly..."
                                : "Time is up: stopping...");
                out.flush();
                producer.stop();
                producing.join(10_000);
                // Dead letters become visible at the checkpoint after they were written: wait for
                // the injected ones (a few intervals at most) so the report counts what the job
                // did, not what the cancellation cut off.
                deadLetters.awaitInjected(producer.badSent.get(), Duration.ofSeconds(20));
                failures = reportNewFailures(out, restarts, failures);
                job.cancel().get(60, TimeUnit.SECONDS);
                deadLetters.close();
                counting.join(10_000);
                new DemoReport(
                                reportDir,
                                startedAt,
                                Machine.current(),
                                config,
                                replayed,
                                timeline,
                                producer,
                                probe,
                                deadLetters,
                                failures,
                                subscriber)
                        .write();
                out.printf(
                        "Report written to %s (results.json, summary.md, auc_over_time.png,"
                                + " examples_trained.png).%n",
                        reportDir.toAbsolutePath());
            }
        } finally {
            deleteQuietly(checkpoints);
            out.flush();
            finished.countDown();
        }
        return 0;
    }

    /**
     * Prints the job's failures not printed yet; returns all so far. A failure to ask is printed
     * too, not hidden: the report then says the restarts are unknown.
     */
    private static List<JobRestarts.Failure> reportNewFailures(
            PrintWriter out, JobRestarts restarts, List<JobRestarts.Failure> known) {
        List<JobRestarts.Failure> now;
        try {
            now = restarts.read();
        } catch (IOException e) {
            out.println("Could not read the job's restarts: " + e.getMessage());
            return known;
        }
        for (JobRestarts.Failure f : now.subList(Math.min(known.size(), now.size()), now.size())) {
            out.printf(
                    "The job failed and restarts (%d so far): %s in %s%n",
                    now.size(), f.exception(), f.task());
        }
        return now;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private DemoDataset replayed() throws IOException {
        return switch (dataset) {
            case SyntheticGenerator.NAME -> DemoDataset.synthetic(seed, users, items, rate);
            case MovieLensReplay.NAME -> DemoDataset.movieLens(data.folder(), rate);
            default ->
                    throw new IllegalStateException(
                            "--dataset was checked at start, got " + dataset);
        };
    }

    /**
     * The data set's scenarios, tasks, features and label windows, then the demo's own settings.
     */
    private Map<String, String> settings(DemoDataset replayed, String bootstrap, Path checkpoints) {
        Map<String, String> s = new HashMap<>(replayed.description().jobSettings());
        String type = overrides.get(ModelOptions.TYPE.key());
        if (type != null && ModelOptions.TYPE.parse(type) == ModelType.DTRN) {
            s.putAll(replayed.description().sequenceSettings());
        }
        s.put(KafkaOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
        s.put(PipelineOptions.JOB_NAME.key(), "flowrec-demo");
        s.put(
                "kafka.transactional-id-prefix",
                "flowrec-demo-" + Long.toHexString(System.nanoTime()));
        s.put("pipeline.checkpoint-dir", checkpoints.toUri().toString());
        s.put("pipeline.checkpoint-interval", "3s");
        s.put("pipeline.parallelism", "2");
        s.put("model.hash-buckets", "8192");
        s.put("model.learning-rate", "0.003");
        // AutoIFS searches over the first 40,000 examples (about a minute of the demo's stream),
        // then trains on with hard masks, so a demo run shows both phases and the flows kept.
        s.put("model.autoifs.search-examples", "40000");
        s.put("snapshots.interval", "5s");
        s.putAll(overrides);
        return s;
    }

    private static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
