package dev.flowrec.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A parsed and checked {@code POST /score} body: the impressions to score, in request order, and
 * the form they came in (which decides the shape of the answer). Field names are those of the
 * {@code Impression} Avro record, so a producer's JSON and a scoring request look alike.
 *
 * <ul>
 *   <li>one: {@code {"scenario", "user_id", "item_id", "categorical", "numeric", "sequences"}};
 *   <li>batch: {@code {"requests": [one, ...]}}, each scored independently (but by one version);
 *   <li>ranking: the user and context once, {@code {"scenario", "user_id", "categorical",
 *       "numeric", "sequences", "candidates": [{"item_id", "categorical", "numeric"}, ...]}}; a
 *       candidate's features are added to the context's, the candidate's winning on a clash.
 * </ul>
 *
 * <p>Parsing is strict: a field that is not part of the format is refused rather than ignored, so a
 * misspelt feature map ({@code "numerical"}) does not silently score a featureless impression.
 *
 * @param form the request form
 * @param impressions what to score, in request order
 */
public record ScoreRequest(Form form, List<Impression> impressions) {

    /** The three shapes of {@code POST /score}. */
    public enum Form {
        ONE,
        BATCH,
        RANKING
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> FEATURE_FIELDS = Set.of("categorical", "numeric", "sequences");
    private static final Set<String> ONE_FIELDS =
            Set.of(
                    "impression_id",
                    "event_time",
                    "user_id",
                    "item_id",
                    "scenario",
                    "categorical",
                    "numeric",
                    "sequences");
    private static final Set<String> CANDIDATE_FIELDS =
            Set.of("impression_id", "item_id", "categorical", "numeric", "sequences");

    /**
     * Parses a body.
     *
     * @param maxImpressions most impressions (batch entries or candidates) one request may carry
     * @param now the event time of impressions that give none, epoch milliseconds
     * @throws BadRequest naming the field at fault
     */
    public static ScoreRequest parse(String body, int maxImpressions, long now) {
        JsonNode root =
                jsonObject(
                        body,
                        "one request, {\"requests\": [...]} or a ranking request with"
                                + " \"candidates\"");
        boolean batch = root.has("requests");
        boolean ranking = root.has("candidates");
        if (batch && ranking) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    "a request has either \"requests\" (a batch) or \"candidates\" (a ranking"
                            + " request), not both");
        }
        if (batch) {
            only(root, Set.of("requests"), "");
            return new ScoreRequest(
                    Form.BATCH, entries(root, "requests", ONE_FIELDS, false, maxImpressions, now));
        }
        if (ranking) {
            Set<String> context = new java.util.HashSet<>(ONE_FIELDS);
            context.remove("item_id");
            context.add("candidates");
            only(root, context, "");
            return new ScoreRequest(
                    Form.RANKING,
                    entries(root, "candidates", CANDIDATE_FIELDS, true, maxImpressions, now));
        }
        only(root, ONE_FIELDS, "");
        return new ScoreRequest(Form.ONE, List.of(impression(root, root, "", 0, now)));
    }

    /**
     * Reads a body that must be one JSON object.
     *
     * @param expected what the object should be, for the message
     * @throws BadRequest {@link Problem#MALFORMED_JSON} otherwise
     */
    static JsonNode jsonObject(String body, String expected) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest(
                    Problem.MALFORMED_JSON,
                    "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new BadRequest(
                    Problem.MALFORMED_JSON, "the body must be one JSON object: " + expected);
        }
        return root;
    }

    /** The scenarios asked for, for the check against the serving model. */
    public Set<String> scenarios() {
        Set<String> out = new java.util.TreeSet<>();
        impressions.forEach(i -> out.add(i.getScenario()));
        return out;
    }

    /**
     * One impression: user, scenario and context from {@code context}, item from {@code item} (the
     * same node outside ranking requests); {@code at} prefixes field names in messages.
     */
    private static Impression impression(
            JsonNode context, JsonNode item, String at, int index, long now) {
        String contextAt = context == item ? at : "";
        Map<String, String> categorical = strings(context, "categorical", contextAt);
        Map<String, Double> numeric = numbers(context, "numeric", contextAt);
        Map<String, List<String>> sequences = sequences(context, "sequences", contextAt);
        if (context != item) {
            categorical.putAll(strings(item, "categorical", at));
            numeric.putAll(numbers(item, "numeric", at));
            sequences.putAll(sequences(item, "sequences", at));
        }
        JsonNode id = item.get("impression_id");
        JsonNode time = context.get("event_time");
        if (time != null && !time.isIntegralNumber()) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    contextAt + "event_time must be epoch milliseconds (an integer), got " + time);
        }
        return Impression.newBuilder()
                .setImpressionId(id == null ? "request-" + index : text(item, "impression_id", at))
                .setEventTime(time == null ? now : time.asLong())
                .setUserId(text(context, "user_id", contextAt))
                .setItemId(text(item, "item_id", at))
                .setScenario(text(context, "scenario", contextAt))
                .setCategorical(categorical)
                .setNumeric(numeric)
                .setSequences(sequences)
                .build();
    }

    private static JsonNode object(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    at + " must be a JSON object, got " + node.getNodeType());
        }
        return node;
    }

    private static void only(JsonNode node, Set<String> allowed, String at) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequest(
                        Problem.INVALID_FIELD,
                        at
                                + name
                                + " is not a field of this request form; its fields are "
                                + new java.util.TreeSet<>(allowed));
            }
        }
    }

    /**
     * The impressions of a batch's {@code requests} or a ranking's {@code candidates}: each entry
     * an object of {@code fields}, completed by the root's context when {@code withContext}.
     */
    private static List<Impression> entries(
            JsonNode root,
            String field,
            Set<String> fields,
            boolean withContext,
            int maxImpressions,
            long now) {
        JsonNode entries = list(root, field, maxImpressions);
        List<Impression> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String at = field + "[" + i + "].";
            JsonNode entry = object(entries.get(i), field + "[" + i + "]");
            only(entry, fields, at);
            out.add(impression(withContext ? root : entry, entry, at, i, now));
        }
        return out;
    }

    private static JsonNode list(JsonNode root, String field, int max) {
        JsonNode node = root.get(field);
        if (!node.isArray()) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    field + " must be a JSON array, got " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw new BadRequest(Problem.MISSING_FIELD, field + " must not be empty");
        }
        if (node.size() > max) {
            throw new BadRequest(
                    Problem.TOO_MANY_CANDIDATES,
                    field
                            + " has "
                            + node.size()
                            + " entries; this server scores at most "
                            + max
                            + " per request (--max-candidates): split the request");
        }
        return node;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            throw new BadRequest(Problem.MISSING_FIELD, at + field + " is required");
        }
        if (!value.isTextual()) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    at + field + " must be a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    private static JsonNode features(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new BadRequest(
                    Problem.INVALID_FIELD,
                    at
                            + field
                            + " must be a JSON object of name to value, got "
                            + value.getNodeType());
        }
        return value;
    }

    private static Map<String, String> strings(JsonNode node, String field, String at) {
        return map(node, field, at, JsonNode::isTextual, JsonNode::asText, "a string");
    }

    private static Map<String, Double> numbers(JsonNode node, String field, String at) {
        return map(node, field, at, JsonNode::isNumber, JsonNode::asDouble, "a number");
    }

    private static <T> Map<String, T> map(
            JsonNode node,
            String field,
            String at,
            Predicate<JsonNode> valid,
            Function<JsonNode, T> value,
            String expected) {
        Map<String, T> out = new LinkedHashMap<>();
        JsonNode map = features(node, field, at);
        if (map != null) {
            map.fields()
                    .forEachRemaining(
                            e -> {
                                if (!valid.test(e.getValue())) {
                                    throw new BadRequest(
                                            Problem.INVALID_FIELD,
                                            at
                                                    + field
                                                    + "."
                                                    + e.getKey()
                                                    + " must be "
                                                    + expected
                                                    + ", got "
                                                    + e.getValue().getNodeType());
                                }
                                out.put(e.getKey(), value.apply(e.getValue()));
                            });
        }
        return out;
    }

    private static Map<String, List<String>> sequences(JsonNode node, String field, String at) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode map = features(node, field, at);
        if (map != null) {
            map.fields()
                    .forEachRemaining(
                            e -> {
                                JsonNode ids = e.getValue();
                                List<String> list = new ArrayList<>();
                                if (ids.isArray()) {
                                    ids.forEach(
                                            id -> list.add(id.isTextual() ? id.asText() : null));
                                }
                                if (!ids.isArray() || list.contains(null)) {
                                    throw new BadRequest(
                                            Problem.INVALID_FIELD,
                                            at
                                                    + field
                                                    + "."
                                                    + e.getKey()
                                                    + " must be an array of item ids (strings)");
                                }
                                out.put(e.getKey(), list);
                            });
        }
        return out;
    }
}
