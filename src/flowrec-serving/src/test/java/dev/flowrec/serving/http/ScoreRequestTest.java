package dev.flowrec.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.Impression;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreRequestTest {

    private static final long NOW = 1_760_000_000_000L;

    private static ScoreRequest parse(String json) {
        return ScoreRequest.parse(json.replace('\'', '"'), 3, NOW);
    }

    @Test
    void oneRequestMirrorsTheImpressionRecord() {
        ScoreRequest request =
                parse(
                        "{'scenario': 'feed', 'user_id': 'u1', 'item_id': 'i9',"
                                + " 'categorical': {'device': 'ios'}, 'numeric': {'price': 9.5},"
                                + " 'sequences': {'clicks': ['i1', 'i2']}}");

        assertThat(request.form()).isEqualTo(ScoreRequest.Form.ONE);
        Impression impression = request.impressions().get(0);
        assertThat(impression.getScenario()).isEqualTo("feed");
        assertThat(impression.getUserId()).isEqualTo("u1");
        assertThat(impression.getItemId()).isEqualTo("i9");
        assertThat(impression.getCategorical()).isEqualTo(Map.of("device", "ios"));
        assertThat(impression.getNumeric()).isEqualTo(Map.of("price", 9.5));
        assertThat(impression.getSequences()).isEqualTo(Map.of("clicks", List.of("i1", "i2")));
        assertThat(impression.getEventTime()).isEqualTo(NOW);
    }

    @Test
    void aBatchKeepsItsOrder() {
        ScoreRequest request =
                parse(
                        "{'requests': [{'scenario': 'feed', 'user_id': 'u1', 'item_id': 'a'},"
                                + " {'scenario': 'search', 'user_id': 'u2', 'item_id': 'b',"
                                + " 'event_time': 5}]}");

        assertThat(request.form()).isEqualTo(ScoreRequest.Form.BATCH);
        assertThat(request.impressions())
                .extracting(Impression::getItemId)
                .containsExactly("a", "b");
        assertThat(request.impressions().get(1).getEventTime()).isEqualTo(5);
        assertThat(request.scenarios()).containsExactly("feed", "search");
    }

    @Test
    void aRankingRequestAddsEachCandidatesFeaturesToTheContext() {
        ScoreRequest request =
                parse(
                        "{'scenario': 'feed', 'user_id': 'u1', 'categorical': {'device': 'ios',"
                                + " 'slot': 'top'}, 'candidates': [{'item_id': 'a'},"
                                + " {'item_id': 'b', 'categorical': {'slot': 'side'},"
                                + " 'numeric': {'price': 2}}]}");

        assertThat(request.form()).isEqualTo(ScoreRequest.Form.RANKING);
        Impression a = request.impressions().get(0);
        Impression b = request.impressions().get(1);
        assertThat(a.getUserId()).isEqualTo("u1");
        assertThat(a.getCategorical()).isEqualTo(Map.of("device", "ios", "slot", "top"));
        assertThat(b.getCategorical()).isEqualTo(Map.of("device", "ios", "slot", "side"));
        assertThat(b.getNumeric()).isEqualTo(Map.of("price", 2.0));
        assertThat(b.getScenario()).isEqualTo("feed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "not JSON                    | {scenario | MALFORMED_JSON | not valid JSON",
                "trailing tokens             | {} {} | MALFORMED_JSON | not valid JSON",
                "an array                    | [] | MALFORMED_JSON | one JSON object",
                "a JSON string               | '' | MALFORMED_JSON | one JSON object",
                "missing scenario            | {'user_id': 'u', 'item_id': 'i'} | MISSING_FIELD |"
                        + " scenario is required",
                "missing user                | {'scenario': 'feed', 'item_id': 'i'} | MISSING_FIELD"
                        + " | user_id is required",
                "empty item                  | {'scenario': 'feed', 'user_id': 'u', 'item_id': ''}"
                        + " | MISSING_FIELD | item_id is required",
                "null item                   | {'scenario': 'feed', 'user_id': 'u', 'item_id':"
                        + " null} | MISSING_FIELD | item_id is required",
                "numeric user                | {'scenario': 'feed', 'user_id': 7, 'item_id': 'i'} |"
                        + " INVALID_FIELD | user_id must be a string",
                "unknown field               | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                        + " 'numerical': {}} | INVALID_FIELD | numerical is not a field",
                "string as number            | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                        + " 'numeric': {'price': '3'}} | INVALID_FIELD | numeric.price must be a"
                        + " number",
                "number as category          | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                    + " 'categorical': {'d': 1}} | INVALID_FIELD | categorical.d must be a string",
                "features not a map          | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                        + " 'numeric': [1]} | INVALID_FIELD | numeric must be a JSON object",
                "sequence not ids            | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                    + " 'sequences': {'s': [1]}} | INVALID_FIELD | sequences.s must be an array",
                "fractional event time       | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                        + " 'event_time': 1.5} | INVALID_FIELD | event_time must be epoch",
                "batch and ranking           | {'requests': [], 'candidates': []} | INVALID_FIELD |"
                        + " not both",
                "empty batch                 | {'requests': []} | MISSING_FIELD | requests must not"
                        + " be empty",
                "batch not a list            | {'requests': {}} | INVALID_FIELD | requests must be"
                        + " a JSON array",
                "batch entry not an object   | {'requests': [1]} | INVALID_FIELD | requests[0] must"
                        + " be a JSON object",
                "batch entry missing field   | {'requests': [{'scenario': 'feed', 'user_id': 'u',"
                    + " 'item_id': 'i'}, {'scenario': 'feed', 'user_id': 'u'}]} | MISSING_FIELD |"
                    + " requests[1].item_id is required",
                "batch beside a field        | {'requests': [{'scenario': 'feed', 'user_id': 'u',"
                    + " 'item_id': 'i'}], 'scenario': 'feed'} | INVALID_FIELD | scenario is not a"
                    + " field",
                "too many in a batch         | {'requests': [{}, {}, {}, {}]} | TOO_MANY_CANDIDATES"
                        + " | at most 3 per request",
                "too many candidates         | {'scenario': 'feed', 'user_id': 'u', 'candidates':"
                        + " [{}, {}, {}, {}]} | TOO_MANY_CANDIDATES | at most 3 per request",
                "no candidates               | {'scenario': 'feed', 'user_id': 'u', 'candidates':"
                        + " []} | MISSING_FIELD | candidates must not be empty",
                "candidate without item      | {'scenario': 'feed', 'user_id': 'u', 'candidates':"
                        + " [{'numeric': {}}]} | MISSING_FIELD | candidates[0].item_id is required",
                "candidate with a user       | {'scenario': 'feed', 'user_id': 'u', 'candidates':"
                    + " [{'item_id': 'i', 'user_id': 'v'}]} | INVALID_FIELD | candidates[0].user_id"
                    + " is not a field",
                "ranking with item at top    | {'scenario': 'feed', 'user_id': 'u', 'item_id': 'i',"
                    + " 'candidates': [{'item_id': 'i'}]} | INVALID_FIELD | item_id is not a field",
                "ranking without user        | {'scenario': 'feed', 'candidates': [{'item_id':"
                        + " 'i'}]} | MISSING_FIELD | user_id is required",
            })
    void everyBadRequestIsRefusedNamingTheProblem(
            String name, String json, Problem problem, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        BadRequest.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
        assertThat(problem.status()).isBetween(400, 499);
    }
}
