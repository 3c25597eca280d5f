package dev.flowrec.bench.serving;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.Percentiles;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.data.stream.StreamDescription;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.embedded.EmbeddedKafka;
import dev.flowrec.events.Impression;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.inference.BlasThreads;
import dev.flowrec.serving.Scorer;
import dev.flowrec.serving.SnapshotSubscriber;
import dev.flowrec.serving.http.ScoringServer;
import dev.flowrec.serving.http.ServingApi;
import dev.flowrec.serving.http.ServingMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The serving half of B4, through the parts a serving fleet runs: signed snapshots published to an
 * embedded Kafka broker, a {@link SnapshotSubscriber} verifying and loading them, its {@link
 * Scorer}, and the HTTP server of {@code flowrec serve} loaded by wrk. Per model type: one-request
 * latency, batch throughput against the dense-math limit measured on the model's own matrix shapes
 * in the same run, scaling over scoring threads, swap time from a manifest's arrival to the first
 * answer by that version while requests keep coming, and HTTP latency and throughput. Models have
 * the synthetic world's features and FlowRec's default sizes, untrained: a forward pass costs the
 * same whatever the weights.
 *
 * @param models model types, as {@code model.type} names them
 * @param probe how long each timed loop runs, after a warm-up of a third of it
 * @param threads scoring thread counts for the scaling runs
 * @param swaps versions published while scoring, for the swap times
 * @param settings more FlowRec options for the models, e.g. sizes
 */
public record ServingBenchmark(
        List<String> models,
        Duration probe,
        List<Integer> threads,
        int swaps,
        Map<String, String> settings,
        Path report) {

    private static final String MODEL_ID = "bench";
    private static final String KEY_ID = "bench";
    private static final int BATCH = 1024;

    public void run(PrintWriter out) throws Exception {
        Instant started = Instant.now();
        BlasThreads.set(1);
        out.printf(
                "B4 serving on %s; OpenBLAS %d thread per call (as flowrec serve runs)%n",
                Machine.current().describe(), BlasThreads.current());
        out.flush();
        List<Impression> impressions = impressions(4096);
        boolean wrk = Wrk.installed();
        String httpNote =
                wrk
                        ? "wrk in a separate process on loopback, on the same cores as the server"
                        : "wrk is not installed (apt-get install wrk): no HTTP figures";
        if (!wrk) {
            out.println(httpNote);
        }
        // Every model's settings first, so a bad --models or -D fails before minutes of measuring.
        Map<String, ModelSettings> settingsByType = new LinkedHashMap<>();
        for (String type : models) {
            settingsByType.put(type, ModelSettings.from(FlowRecConfig.of(config(type))));
        }
        KeyPair keys = SnapshotKeys.generate();
        Map<String, ServingResults.ModelServing> results = new LinkedHashMap<>();
        ReportFolder folder = new ReportFolder(report);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0);
                KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
            for (String type : models) {
                String topic = "flowrec.snapshots." + type;
                kafka.createTopics(1, topic);
                MultiTaskModel model = MultiTaskModels.create(settingsByType.get(type));
                Publisher publisher =
                        new Publisher(
                                new SnapshotTopicWriter(
                                        producer, topic, MODEL_ID, "bench", Map.of()),
                                model,
                                SnapshotSigner.of(KEY_ID, keys.getPrivate()));
                try (SnapshotSubscriber subscriber =
                        SnapshotSubscriber.builder()
                                .bootstrapServers(kafka.bootstrapServers())
                                .topic(topic)
                                .modelId(MODEL_ID)
                                .publicKey(KEY_ID, keys.getPublic())
                                .build()
                                .start()) {
                    publisher.publish(1);
                    if (!subscriber.awaitVersion(1, Duration.ofMinutes(2))) {
                        throw new IllegalStateException(
                                "the subscriber did not load version 1 of " + type);
                    }
                    results.put(
                            type,
                            measure(type, model, subscriber, publisher, impressions, wrk, out));
                }
                // After each model, so a stopped run keeps what it measured.
                ServingReport.write(folder, results(started, results, httpNote), probe);
            }
        }
        out.printf("Report written to %s%n", report.toAbsolutePath());
    }

    private static ServingResults results(
            Instant started, Map<String, ServingResults.ModelServing> models, String httpNote) {
        return new ServingResults(
                "B4-serving",
                started.toString(),
                Machine.current(),
                BlasThreads.current(),
                new LinkedHashMap<>(models),
                httpNote);
    }

    private ServingResults.ModelServing measure(
            String type,
            MultiTaskModel model,
            SnapshotSubscriber subscriber,
            Publisher publisher,
            List<Impression> impressions,
            boolean wrk,
            PrintWriter out)
            throws Exception {
        Scorer scorer = subscriber.scorer();
        Duration warmUp = probe.dividedBy(3);
        int n = impressions.size();
        String engine = subscriber.current().orElseThrow().inferenceEngine();
        out.printf("[%s] serving through %s%n", type, engine);

        ClosedLoop.Outcome single =
                ClosedLoop.run(
                        1, warmUp, probe, (t, i) -> scorer.score(impressions.get((int) (i % n))));
        ServingResults.Latency latency = latency(single);
        out.printf(
                "[%s] Scorer, one impression per call: p50 %.3f ms, p99 %.3f ms, %,.0f calls/s%n",
                type, latency.p50(), latency.p99(), latency.callsPerSecond());

        List<List<Impression>> batches = new ArrayList<>();
        for (int from = 0; from + BATCH <= n; from += BATCH) {
            batches.add(impressions.subList(from, from + BATCH));
        }
        ClosedLoop.Outcome batched =
                ClosedLoop.run(
                        1,
                        warmUp,
                        probe,
                        (t, i) -> scorer.score(batches.get((int) (i % batches.size()))));
        double examplesPerSecond = batched.callsPerSecond() * BATCH;
        int[][] products = model.inference().denseProducts();
        DenseLimit limit =
                DenseLimit.measure(
                        products.length > 0 ? products : new int[][] {{1024, 1024}},
                        BATCH,
                        Math.max(0.5, probe.toMillis() / 4000.0));
        ServingResults.Batch batch =
                new ServingResults.Batch(
                        BATCH,
                        examplesPerSecond,
                        products.length > 0 ? limit.examplesPerSecond() : Double.NaN,
                        products.length > 0
                                ? examplesPerSecond / limit.examplesPerSecond()
                                : Double.NaN,
                        limit.flopsPerSecond() / 1e9,
                        model.forwardFlopsPerExample()
                                * examplesPerSecond
                                / limit.flopsPerSecond());
        if (products.length > 0) {
            out.printf(
                    "[%s] Scorer, batch %d: %,.0f examples/s; its matrix products alone allow %,.0f"
                            + " (%.0f%%) at %.1f GFLOP/s%n",
                    type,
                    BATCH,
                    examplesPerSecond,
                    batch.limitExamplesPerSecond(),
                    100 * batch.shareOfLimit(),
                    batch.gemmGflops());
        } else {
            out.printf(
                    "[%s] Scorer, batch %d: %,.0f examples/s; forward FLOPs at %.0f%% of a"
                            + " 1024x1024 product's %.1f GFLOP/s%n",
                    type, BATCH, examplesPerSecond, 100 * batch.flopShare(), batch.gemmGflops());
        }

        List<ServingResults.Scaling> scaling = new ArrayList<>();
        double oneThread = Double.NaN;
        for (int count : threads) {
            ClosedLoop.Outcome o =
                    ClosedLoop.run(
                            count,
                            warmUp,
                            probe,
                            (t, i) ->
                                    scorer.score(impressions.get((int) ((i * 31 + t * 977) % n))));
            if (Double.isNaN(oneThread)) {
                oneThread = o.callsPerSecond() / count;
            }
            ServingResults.Scaling s =
                    new ServingResults.Scaling(
                            count,
                            o.callsPerSecond(),
                            o.callsPerSecond() / oneThread,
                            Percentiles.of(o.millis(), 50),
                            Percentiles.of(o.millis(), 99),
                            o.errors());
            scaling.add(s);
            out.printf(
                    "[%s] %d scoring threads: %,.0f calls/s (x%.2f), p99 %.3f ms%n",
                    type, count, s.callsPerSecond(), s.speedup(), s.p99());
        }

        ServingResults.Swaps swapTimes = swaps(subscriber, publisher, impressions, out, type);
        List<ServingResults.Http> http =
                wrk ? http(subscriber, impressions.get(0), out, type) : List.of();
        out.flush();
        return new ServingResults.ModelServing(
                engine,
                model.parameterCount(),
                model.forwardFlopsPerExample(),
                latency,
                batch,
                scaling,
                swapTimes,
                http);
    }

    /** Publishes {@link #swaps} versions, one at a time, while two threads score throughout. */
    private ServingResults.Swaps swaps(
            SnapshotSubscriber subscriber,
            Publisher publisher,
            List<Impression> impressions,
            PrintWriter out,
            String type)
            throws Exception {
        long timedBefore = subscriber.swapTimes().count();
        Duration scoring = Duration.ofSeconds(4L + 3L * swaps);
        AtomicReference<ClosedLoop.Outcome> load = new AtomicReference<>();
        Scorer scorer = subscriber.scorer();
        int n = impressions.size();
        ClosedLoop.Call request = (t, i) -> scorer.score(impressions.get((int) (i % n)));
        Thread loader =
                new Thread(
                        () -> {
                            try {
                                load.set(ClosedLoop.run(2, Duration.ZERO, scoring, request));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "swap-load");
        loader.start();
        Thread.sleep(1000);
        long first = subscriber.currentVersion() + 1;
        for (long v = first; v < first + swaps; v++) {
            publisher.publish(v);
            if (!subscriber.awaitVersion(v, Duration.ofMinutes(1))) {
                throw new IllegalStateException("version " + v + " was not loaded");
            }
            Thread.sleep(500);
        }
        loader.join(TimeUnit.MINUTES.toMillis(5));
        ClosedLoop.Outcome o = load.get();
        List<Duration> recent = subscriber.swapTimes().recent();
        int timed = (int) Math.min(recent.size(), subscriber.swapTimes().count() - timedBefore);
        double[] millis =
                recent.subList(recent.size() - timed, recent.size()).stream()
                        .mapToDouble(d -> d.toNanos() / 1e6)
                        .sorted()
                        .toArray();
        ServingResults.Swaps s =
                new ServingResults.Swaps(
                        swaps,
                        timed,
                        Percentiles.of(millis, 50),
                        Percentiles.of(millis, 99),
                        millis.length == 0 ? Double.NaN : millis[millis.length - 1],
                        o == null ? 0 : o.calls(),
                        o == null ? -1 : o.errors());
        out.printf(
                "[%s] %d swaps under load: manifest to first answer p50 %.1f ms, max %.1f ms; %,d"
                        + " requests, %d errors%n",
                type, timed, s.p50(), s.max(), s.scored(), s.scoringErrors());
        return s;
    }

    private List<ServingResults.Http> http(
            SnapshotSubscriber subscriber, Impression request, PrintWriter out, String type)
            throws Exception {
        List<ServingResults.Http> runs = new ArrayList<>();
        try (ScoringServer server =
                ScoringServer.start(
                        new ServingApi(subscriber, 1000, Clock.systemUTC()),
                        new ServingMetrics(subscriber, Clock.systemUTC()),
                        "127.0.0.1",
                        0)) {
            String url = "http://127.0.0.1:" + server.port() + "/score";
            String body = ImpressionJson.of(request);
            Duration length = Duration.ofSeconds(Math.max(5, probe.toSeconds()));
            Wrk.post(url, body, 1, 1, Duration.ofSeconds(3));
            for (int[] load : new int[][] {{1, 1}, {2, 8}}) {
                Wrk.Run r = Wrk.post(url, body, load[0], load[1], length);
                out.printf("[%s] HTTP POST /score, %s%n", type, Wrk.describe(r));
                Map<String, Double> l = r.latencyMillis();
                runs.add(
                        new ServingResults.Http(
                                load[1] == 1 ? "latency: one connection" : "throughput",
                                r.threads(),
                                r.connections(),
                                r.requestsPerSecond(),
                                l.get("p50"),
                                l.get("p75"),
                                l.get("p90"),
                                l.get("p99"),
                                r.requests(),
                                r.errors()));
            }
        }
        return runs;
    }

    private static ServingResults.Latency latency(ClosedLoop.Outcome o) {
        double[] ms = o.millis();
        return new ServingResults.Latency(
                o.calls(),
                o.callsPerSecond(),
                Percentiles.of(ms, 50),
                Percentiles.of(ms, 90),
                Percentiles.of(ms, 99),
                Percentiles.of(ms, 99.9),
                o.errors());
    }

    private Map<String, String> config(String type) {
        StreamDescription world = new SyntheticGenerator(SyntheticConfig.defaults()).description();
        Map<String, String> c = new HashMap<>(world.jobSettings());
        ModelType parsed = ModelOptions.TYPE.parse(type);
        if (parsed == ModelType.DTRN) {
            c.putAll(world.sequenceSettings());
        }
        if (parsed == ModelType.M3OE) {
            // M3oE's MLP is [bottom, view, expert]; the reference's sizes.
            c.put(ModelOptions.HIDDEN_SIZES.key(), "512,256,64");
        }
        c.put("model.type", type);
        c.putAll(settings);
        return c;
    }

    private static List<Impression> impressions(int count) {
        List<Impression> out = new ArrayList<>(count);
        Iterator<StreamEvent> events =
                new SyntheticGenerator(SyntheticConfig.defaults()).events(count);
        while (events.hasNext()) {
            if (events.next() instanceof StreamEvent.ImpressionEvent e) {
                out.add(e.impression());
            }
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        4 << 20));
    }

    /** Publishes one model as signed versions of one lineage. */
    private record Publisher(
            SnapshotTopicWriter topic, MultiTaskModel model, SnapshotSigner signer) {
        void publish(long version) throws Exception {
            topic.publish(model, version, SnapshotWriter.signed(512 << 10, signer));
        }
    }
}
