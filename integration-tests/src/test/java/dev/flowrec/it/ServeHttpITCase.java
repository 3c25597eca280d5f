package dev.flowrec.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowrec.bench.serving.SnapshotTopicWriter;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.serving.LoadedModel;
import dev.flowrec.serving.SnapshotListener;
import dev.flowrec.serving.SnapshotSubscriber;
import dev.flowrec.serving.http.ScoringServer;
import dev.flowrec.serving.http.ServingApi;
import dev.flowrec.serving.http.ServingMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code flowrec serve}'s HTTP API end to end: a real KRaft broker, DL4J snapshots chunked and
 * signed by the trainer's writer and produced to Kafka, the subscriber and the Javalin server, and
 * plain HTTP from {@link HttpClient}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeHttpITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String MODEL = "ctr";
    private static final String KEY_ID = "serve-it";
    private static final KeyPair KEYS = SnapshotKeys.generate();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONE =
            "{\"scenario\": \"feed\", \"user_id\": \"u1\", \"item_id\": \"i1\","
                    + " \"categorical\": {\"device\": \"ios\"}, \"numeric\": {\"price\": 3.5}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<Long> loaded = new LinkedBlockingQueue<>();
    private String base;

    @Test
    void theApiServesScoresControlsTheModelAndRefusesBadRequestsWithA4xx() throws Exception {
        String topic = KafkaBrokerExtension.uniqueTopic("flowrec.snapshots");
        KAFKA.broker().createTopics(1, topic);
        ModelSettings settings = settings();
        try (SnapshotSubscriber subscriber =
                        SnapshotSubscriber.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .topic(topic)
                                .modelId(MODEL)
                                .publicKey(KEY_ID, KEYS.getPublic())
                                .listener(
                                        new SnapshotListener() {
                                            @Override
                                            public void onLoaded(LoadedModel model) {
                                                loaded.add(model.version());
                                            }
                                        })
                                .build()
                                .start();
                ScoringServer server =
                        ScoringServer.start(
                                new ServingApi(subscriber, 8, Clock.systemUTC()),
                                new ServingMetrics(subscriber, Clock.systemUTC()),
                                "127.0.0.1",
                                0);
                KafkaProducer<byte[], byte[]> producer = producer()) {
            base = "http://127.0.0.1:" + server.port();

            // Before the first model: alive, not ready, no scores.
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            assertThat(get("/readyz").statusCode()).isEqualTo(503);
            expectRefusal(post("/score", ONE), 503, "no_model");
            expectRefusal(get("/model"), 503, "no_model");

            publish(producer, topic, settings, 1, SnapshotWriter.signed(64 << 10, signer()));
            assertThat(subscriber.awaitVersion(1, WAIT)).as("version 1 loaded").isTrue();

            HttpResponse<String> ready = get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(json(ready).at("/model/version").asLong()).isEqualTo(1);

            JsonNode one = json(ok(post("/score", ONE)));
            assertThat(one.at("/model/version").asLong()).isEqualTo(1);
            assertThat(one.at("/model/lineage").asText()).isEqualTo("lineage-it");
            assertThat(one.at("/scores/click").asDouble()).isBetween(0.0, 1.0);
            JsonNode batch = json(ok(post("/score", "{\"requests\": [" + ONE + ", " + ONE + "]}")));
            assertThat(batch.get("results")).hasSize(2);
            assertThat(batch.at("/results/1/click").asDouble())
                    .isEqualTo(one.at("/scores/click").asDouble());
            JsonNode ranking =
                    json(
                            ok(
                                    post(
                                            "/score",
                                            "{\"scenario\": \"search\", \"user_id\": \"u1\","
                                                    + " \"categorical\": {\"device\": \"ios\"},"
                                                    + " \"candidates\": [{\"item_id\": \"a\"},"
                                                    + " {\"item_id\": \"b\", \"numeric\":"
                                                    + " {\"price\": 9}}]}")));
            assertThat(ranking.get("items"))
                    .extracting(i -> i.get("item_id").asText())
                    .containsExactly("a", "b");
            assertThat(ranking.at("/items/1/scores/conversion").isNumber()).isTrue();

            // Every kind of bad request is a 4xx naming its problem, never a 5xx.
            expectRefusal(post("/score", "{\"scenario\": "), 400, "malformed_json");
            expectRefusal(post("/score", "[1, 2]"), 400, "malformed_json");
            expectRefusal(post("/score", ONE.replace("feed", "cart")), 400, "unknown_scenario");
            expectRefusal(
                    post("/score", ONE.replace("\"user_id\"", "\"userId\"")), 400, "invalid_field");
            expectRefusal(
                    post("/score", "{\"scenario\": \"feed\", \"item_id\": \"i\"}"),
                    400,
                    "missing_field");
            expectRefusal(post("/score", ONE.replace("3.5", "\"3.5\"")), 400, "invalid_field");
            StringBuilder many =
                    new StringBuilder(
                            "{\"scenario\": \"feed\", \"user_id\": \"u\"," + " \"candidates\": [");
            for (int i = 0; i < 9; i++) {
                many.append(i == 0 ? "" : ",").append("{\"item_id\": \"i").append(i).append("\"}");
            }
            expectRefusal(post("/score", many + "]}"), 400, "too_many_candidates");
            expectRefusal(post("/score", "{\"requests\": []}"), 400, "missing_field");
            expectRefusal(post("/score", " ".repeat((8 << 20) + 1)), 413, "body_too_large");
            expectRefusal(post("/model/pin", "{\"version\": 42}"), 404, "no_such_version");
            expectRefusal(post("/model/pin", "{\"version\": \"one\"}"), 400, "invalid_field");

            // A forged (unsigned) snapshot is refused; a genuine version 2 is swapped in.
            publish(producer, topic, settings, 2, SnapshotWriter.unsigned(64 << 10));
            publish(producer, topic, settings, 3, SnapshotWriter.signed(64 << 10, signer()));
            assertThat(subscriber.awaitVersion(3, WAIT)).as("version 3 loaded").isTrue();

            // Pin holds version 1 across a new publish, until released.
            assertThat(json(ok(post("/model/pin", "{\"version\": 1}"))).get("version").asLong())
                    .isEqualTo(1);
            publish(producer, topic, settings, 4, SnapshotWriter.signed(64 << 10, signer()));
            awaitLoaded(4);
            assertThat(json(ok(post("/score", ONE))).at("/model/version").asLong()).isEqualTo(1);
            JsonNode model = json(ok(get("/model")));
            assertThat(model.get("pinned").asBoolean()).isTrue();
            assertThat(model.get("kept"))
                    .extracting(k -> k.get("version").asLong())
                    .contains(1L, 4L);
            expectRefusal(post("/model/rollback", ""), 409, "pinned");
            assertThat(json(ok(delete("/model/pin"))).get("version").asLong()).isEqualTo(4);
            assertThat(json(ok(post("/model/rollback", ""))).get("version").asLong()).isEqualTo(3);
            assertThat(json(ok(post("/score", ONE))).at("/model/version").asLong()).isEqualTo(3);
            assertThat(json(ok(post("/model/unpin", ""))).get("released").asBoolean()).isFalse();

            String metrics = ok(get("/metrics")).body();
            assertThat(metrics)
                    .contains("flowrec_serve_request_duration_seconds_bucket{endpoint=\"/score\"")
                    .contains(
                            "flowrec_serve_bad_requests_total{endpoint=\"/score\","
                                    + "problem=\"unknown_scenario\"} 1.0")
                    .contains(
                            "flowrec_serve_model_version{lineage=\"lineage-it\","
                                    + "model_id=\"ctr\"} 3.0")
                    .contains("flowrec_serve_snapshot_rejections_total{reason=\"unsigned\"} 1.0")
                    .contains("flowrec_serve_model_swaps_total 3.0")
                    .contains("flowrec_serve_model_age_seconds")
                    .contains("flowrec_serve_model_swap_delay_seconds");
            assertThat(metrics).doesNotContain("status=\"500\"");
        }
    }

    private static ModelSettings settings() {
        return ModelSettings.from(
                FlowRecConfig.of(
                        Map.of(
                                "labels.scenarios", "feed,search",
                                "labels.tasks", "click,conversion",
                                "model.type", "shared-bottom",
                                "model.categorical-features", "device",
                                "model.numeric-features", "price",
                                "model.hash-buckets", "64",
                                "model.hidden-sizes", "8",
                                "model.tower-sizes", "4")));
    }

    private static SnapshotSigner signer() {
        return SnapshotSigner.of(KEY_ID, KEYS.getPrivate());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Trains nothing: a fresh DL4J model is a real artifact, and its scores are in (0, 1). */
    private static void publish(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            ModelSettings settings,
            long version,
            SnapshotWriter writer)
            throws Exception {
        new SnapshotTopicWriter(
                        producer,
                        topic,
                        MODEL,
                        "lineage-it",
                        Map.of("click", "identity", "conversion", "fnc"))
                .publish(MultiTaskModels.create(settings), version, writer);
    }

    /** Waits for a load the served version does not show (a pin holds it). */
    private void awaitLoaded(long version) throws InterruptedException {
        Long got;
        do {
            got = loaded.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(got).as("version %s loaded within %s", version, WAIT).isNotNull();
        } while (got != version);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static void expectRefusal(HttpResponse<String> response, int status, String error)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).isNotBlank();
    }
}
