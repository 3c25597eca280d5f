package dev.flowrec.cli.serve;

import dev.flowrec.models.inference.BlasThreads;
import dev.flowrec.serving.SnapshotSubscriber;
import dev.flowrec.serving.SnapshotSubscriberBuilder;
import dev.flowrec.serving.http.ScoringServer;
import dev.flowrec.serving.http.ServingApi;
import dev.flowrec.serving.http.ServingMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flowrec serve}: follow a model's snapshot topic and answer scoring requests over HTTP
 * until interrupted. The endpoints are documented in README.md ("Serving").
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Follow a model's snapshots on Kafka and serve scores over HTTP (POST /score, GET"
                        + " /model, POST /model/pin, POST /model/rollback, /healthz, /readyz,"
                        + " /metrics).")
public final class ServeCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, host:port[,host:port...].")
    String bootstrap;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--model-id",
            required = true,
            description =
                    "The model id (model.id, else pipeline.job-name of the job; the demo's is"
                            + " flowrec-demo).")
    String modelId;

    @Option(
            names = "--topic",
            defaultValue = "flowrec.snapshots",
            description = "Snapshot topic, kafka.topics.snapshots (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--keep",
            defaultValue = "3",
            description =
                    "Versions kept loaded for pin and rollback, the served one included (default:"
                            + " ${DEFAULT-VALUE}).")
    int keep;

    @Option(
            names = "--max-candidates",
            defaultValue = "1000",
            description =
                    "Most impressions in one POST /score (batch entries or ranking candidates);"
                            + " more is refused with 400 too_many_candidates (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description =
                    "Keep the last --keep verified snapshots here and, at start, serve the newest"
                            + " that verifies again before reading Kafka (default: no cache).")
    Path cacheDir;

    @Option(
            names = {"-X", "--kafka-property"},
            paramLabel = "KEY=VALUE",
            description = "A Kafka consumer property, e.g. security.protocol=SASL_SSL; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(
            names = "--blas-threads",
            defaultValue = "1",
            description =
                    "OpenBLAS threads per scoring call. Concurrent requests already use every"
                            + " core, and a multi-threaded OpenBLAS makes them queue for its one"
                            + " thread pool; raise it only for a few very large batches (default:"
                            + " ${DEFAULT-VALUE}).")
    int blasThreads;

    @Mixin SigningOption signing;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (blasThreads < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--blas-threads must be at least 1, got " + blasThreads);
        }
        BlasThreads.set(blasThreads);
        SnapshotSubscriberBuilder settings =
                SnapshotSubscriber.builder()
                        .bootstrapServers(bootstrap)
                        .topic(topic)
                        .modelId(modelId)
                        .historySize(keep)
                        .properties(kafkaProperties);
        if (cacheDir != null) {
            settings.cacheDirectory(cacheDir);
        }
        signing.applyTo(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        try (SnapshotSubscriber subscriber = settings.build().start();
                ScoringServer server =
                        ScoringServer.start(
                                new ServingApi(subscriber, maxCandidates, Clock.systemUTC()),
                                new ServingMetrics(subscriber, Clock.systemUTC()),
                                host,
                                port)) {
            out.printf(
                    "Serving model %s from topic %s on %s at http://%s:%d (ready once a model"
                            + " is loaded: GET /readyz); Ctrl-C stops.%n",
                    modelId, topic, bootstrap, host, server.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "flowrec-stop"));
            stopped.await();
        }
        return 0;
    }
}
