package dev.flowrec.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowrec.serving.ServingFixture;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoints against a real subscriber over an in-memory topic (no broker, no server). */
class ServingApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONE =
            "{\"scenario\": \"feed\", \"user_id\": \"u1\", \"item_id\": \"i1\","
                    + " \"categorical\": {\"device\": \"ios\"}, \"numeric\": {\"price\": 3}}";

    private final ServingFixture fixture = new ServingFixture(3);
    private final ServingApi api = new ServingApi(fixture.subscriber(), 4, Clock.systemUTC());

    @AfterEach
    void close() {
        fixture.close();
    }

    private static JsonNode body(Reply reply) throws Exception {
        assertThat(reply.contentType()).isEqualTo("application/json");
        return JSON.readTree(reply.body());
    }

    private static void refused(Runnable call, Problem problem, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        BadRequest.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
    }

    @Test
    void notReadyAndNoScoresBeforeTheFirstModel() throws Exception {
        Reply ready = api.ready();
        assertThat(ready.status()).isEqualTo(503);
        assertThat(body(ready).get("ready").asBoolean()).isFalse();
        assertThat(api.health().status()).isEqualTo(200);
        refused(() -> api.score(ONE), Problem.NO_MODEL, "GET /readyz");
        refused(api::model, Problem.NO_MODEL, "no model loaded yet");

        fixture.publish(1, 0.25f);

        assertThat(api.ready().status()).isEqualTo(200);
        assertThat(body(api.ready()).at("/model/version").asLong()).isEqualTo(1);
    }

    @Test
    void theThreeFormsAreAnsweredWithTheVersionThatScored() throws Exception {
        fixture.publish(1, 0.25f);

        JsonNode one = body(api.score(ONE));
        assertThat(one.at("/model/version").asLong()).isEqualTo(1);
        assertThat(one.at("/model/lineage").asText()).isEqualTo("lineage-a");
        assertThat(one.at("/scores/click").asDouble()).isEqualTo(0.25);
        // The fake manifest maps conversion through the FNC correction q/(1-q).
        assertThat(one.at("/scores/conversion").asDouble()).isEqualTo(0.25 / 0.75);

        JsonNode batch = body(api.score("{\"requests\": [" + ONE + ", " + ONE + "]}"));
        assertThat(batch.get("results")).hasSize(2);
        assertThat(batch.at("/results/1/click").asDouble()).isEqualTo(0.25);

        JsonNode ranking =
                body(
                        api.score(
                                "{\"scenario\": \"search\", \"user_id\": \"u1\", \"candidates\":"
                                        + " [{\"item_id\": \"a\"}, {\"item_id\": \"b\"}]}"));
        assertThat(ranking.at("/items/0/item_id").asText()).isEqualTo("a");
        assertThat(ranking.at("/items/1/item_id").asText()).isEqualTo("b");
        assertThat(ranking.at("/items/1/scores/click").asDouble()).isEqualTo(0.25);
    }

    @Test
    void anUnknownScenarioIsRefusedNamingTheKnownOnes() throws Exception {
        fixture.publish(1, 0.25f);
        refused(
                () -> api.score(ONE.replace("feed", "cart")),
                Problem.UNKNOWN_SCENARIO,
                "scenario [cart] is unknown to model version 1; its scenarios are [feed, search]");
        refused(
                () ->
                        api.score(
                                "{\"requests\": ["
                                        + ONE
                                        + ", "
                                        + ONE
                                        + ", "
                                        + ONE
                                        + ", "
                                        + ONE
                                        + ", "
                                        + ONE
                                        + "]}"),
                Problem.TOO_MANY_CANDIDATES,
                "at most 4");
    }

    @Test
    void aRequestInFlightDuringASwapFinishesOnTheModelItStartedWith() throws Exception {
        fixture.publish(1, 0.25f);
        fixture.holdScoring();
        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> api.score(ONE));
        fixture.awaitScoringHeld();

        fixture.publish(2, 0.5f);
        assertThat(fixture.subscriber().currentVersion()).isEqualTo(2);
        fixture.releaseScoring();

        JsonNode answer = body(inFlight.get(30, TimeUnit.SECONDS));
        assertThat(answer.at("/model/version").asLong()).isEqualTo(1);
        assertThat(answer.at("/scores/click").asDouble()).isEqualTo(0.25);
        assertThat(body(api.score(ONE)).at("/model/version").asLong()).isEqualTo(2);
    }

    @Test
    void modelDescribesTheServedAndKeptVersions() throws Exception {
        fixture.publish(1, 0.1f);
        fixture.publish(2, 0.2f);

        JsonNode model = body(api.model());
        assertThat(model.get("version").asLong()).isEqualTo(2);
        assertThat(model.get("lineage").asText()).isEqualTo("lineage-a");
        assertThat(model.get("parent_version").asLong()).isEqualTo(1);
        assertThat(model.get("age_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(model.get("pinned").asBoolean()).isFalse();
        assertThat(model.get("metrics_at_publish").isArray()).isTrue();
        assertThat(model.get("kept"))
                .extracting(k -> k.get("version").asLong())
                .containsExactly(1L, 2L);
    }

    @Test
    void aPinHoldsAcrossPublishesAndRollbackWaitsForItsRelease() throws Exception {
        fixture.publish(1, 0.1f);
        fixture.publish(2, 0.2f);

        assertThat(body(api.pin("{\"version\": 1}")).get("version").asLong()).isEqualTo(1);
        fixture.publish(3, 0.3f);
        assertThat(body(api.score(ONE)).at("/model/version").asLong()).isEqualTo(1);
        refused(() -> api.rollback(""), Problem.PINNED, "release the pin");

        JsonNode released = body(api.unpin());
        assertThat(released.get("version").asLong()).isEqualTo(3);
        assertThat(released.get("released").asBoolean()).isTrue();
        assertThat(body(api.unpin()).get("released").asBoolean()).isFalse();

        assertThat(body(api.rollback("")).get("version").asLong()).isEqualTo(2);
        assertThat(body(api.rollback("{\"version\": 1}")).get("version").asLong()).isEqualTo(1);
        assertThat(body(api.pin("")).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void badModelControlRequestsAreRefused() throws Exception {
        refused(() -> api.pin(""), Problem.NO_MODEL, "no model loaded yet");
        fixture.publish(1, 0.1f);
        refused(() -> api.pin("{\"version\": 9}"), Problem.NO_SUCH_VERSION, "version 9 is not");
        refused(() -> api.rollback("{\"version\": 9}"), Problem.NO_SUCH_VERSION, "version 9");
        refused(() -> api.rollback(""), Problem.NO_SUCH_VERSION, "no version older than");
        refused(() -> api.pin("{\"version\": \"x\"}"), Problem.INVALID_FIELD, "positive integer");
        refused(() -> api.pin("{\"v\": 1}"), Problem.INVALID_FIELD, "v is not a field");
        refused(() -> api.pin("{"), Problem.MALFORMED_JSON, "not valid JSON");
        refused(() -> api.pin("[1]"), Problem.MALFORMED_JSON, "JSON object");
    }

    @Test
    void refusalsAreAnsweredWithTheirStatusAndCode() throws Exception {
        Reply reply = ServingApi.refused(new BadRequest(Problem.UNKNOWN_SCENARIO, "no such"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(body(reply).get("error").asText()).isEqualTo("unknown_scenario");
        assertThat(body(reply).get("message").asText()).isEqualTo("no such");
    }
}
