package dev.flowrec.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowrec.events.CellMetrics;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.serving.LoadedModel;
import dev.flowrec.serving.Score;
import dev.flowrec.serving.SnapshotSubscriber;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The endpoints of {@code flowrec serve} as plain methods from request body to {@link Reply}: the
 * HTTP server ({@link ScoringServer}) only routes to them and records metrics.
 *
 * <p>A score request is answered by one model version: the {@code Scorer} reads the current model
 * once per call and the whole request is one call, so a swap during the request changes nothing for
 * it, and the answer names the version (and lineage) that scored.
 */
public final class ServingApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnapshotSubscriber subscriber;
    private final int maxCandidates;
    private final Clock clock;

    /**
     * @param maxCandidates most impressions in one score request ({@code --max-candidates})
     */
    public ServingApi(SnapshotSubscriber subscriber, int maxCandidates, Clock clock) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException(
                    "maxCandidates must be at least 1, got " + maxCandidates);
        }
        this.subscriber = subscriber;
        this.maxCandidates = maxCandidates;
        this.clock = clock;
    }

    /** {@code POST /score}. */
    public Reply score(String body) {
        ScoreRequest request = ScoreRequest.parse(body, maxCandidates, clock.millis());
        LoadedModel model = serving();
        Set<String> unknown = new java.util.TreeSet<>(request.scenarios());
        unknown.removeAll(model.scenarios());
        if (!unknown.isEmpty()) {
            throw new BadRequest(
                    Problem.UNKNOWN_SCENARIO,
                    "scenario "
                            + unknown
                            + " is unknown to model version "
                            + model.version()
                            + "; its scenarios are "
                            + model.scenarios());
        }
        List<Score> scores;
        try {
            scores = subscriber.scorer().score(request.impressions());
        } catch (IllegalStateException e) {
            throw new BadRequest(Problem.NO_MODEL, e.getMessage());
        } catch (IllegalArgumentException e) {
            // A swap between the check above and scoring, to a model with other scenarios.
            throw new BadRequest(Problem.UNKNOWN_SCENARIO, e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("model", version(scores.get(0)));
        switch (request.form()) {
            case ONE -> out.set("scores", probabilities(scores.get(0)));
            case BATCH -> {
                ArrayNode results = out.putArray("results");
                scores.forEach(s -> results.add(probabilities(s)));
            }
            case RANKING -> {
                ArrayNode items = out.putArray("items");
                for (int i = 0; i < scores.size(); i++) {
                    Impression impression = request.impressions().get(i);
                    ObjectNode item = items.addObject();
                    item.put("item_id", impression.getItemId());
                    item.set("scores", probabilities(scores.get(i)));
                }
            }
        }
        return ok(out);
    }

    /** {@code GET /model}: what is served, since when, how good it was at publish, what is kept. */
    public Reply model() {
        LoadedModel model = serving();
        ObjectNode out = describe(model);
        out.put("pinned", subscriber.pinned().isPresent());
        ArrayNode metrics = out.putArray("metrics_at_publish");
        for (CellMetrics cell : model.manifest().getMetrics()) {
            ObjectNode m = metrics.addObject();
            m.put("cell", cell.getCell());
            m.put("examples", cell.getExamples());
            m.put("auc", cell.getAuc());
            m.put("logloss", cell.getLogloss());
            m.put("calibration", cell.getCalibration());
        }
        ArrayNode kept = out.putArray("kept");
        subscriber.keptModels().forEach(k -> kept.add(describe(k)));
        return ok(out);
    }

    /** {@code POST /model/pin}, body {@code {"version": N}} or empty for the served version. */
    public Reply pin(String body) {
        serving();
        OptionalLong version = version(body);
        try {
            return ok(describe(subscriber.pin(version)).put("pinned", true));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Problem.NO_SUCH_VERSION, e.getMessage());
        }
    }

    /** {@code DELETE /model/pin} and {@code POST /model/unpin}: serve the newest kept again. */
    public Reply unpin() {
        serving();
        Optional<LoadedModel> released = subscriber.unpin();
        LoadedModel now = released.orElseGet(this::serving);
        return ok(describe(now).put("pinned", false).put("released", released.isPresent()));
    }

    /**
     * {@code POST /model/rollback}, body {@code {"version": N}} or empty for the version before the
     * served one; lasts until a newer snapshot arrives (pin to hold it).
     */
    public Reply rollback(String body) {
        LoadedModel model = serving();
        OptionalLong version = version(body);
        if (subscriber.pinned().isPresent()) {
            throw new BadRequest(
                    Problem.PINNED,
                    "version "
                            + subscriber.pinned().get().version()
                            + " is pinned; release the pin (DELETE /model/pin) before rolling"
                            + " back");
        }
        long target;
        if (version.isPresent()) {
            target = version.getAsLong();
        } else {
            List<Long> kept = subscriber.keptVersions();
            int at = kept.lastIndexOf(model.version());
            if (at < 1) {
                throw new BadRequest(
                        Problem.NO_SUCH_VERSION,
                        "no version older than the served "
                                + model.version()
                                + " is kept; kept versions: "
                                + kept);
            }
            target = kept.get(at - 1);
        }
        try {
            return ok(describe(subscriber.rollbackTo(target)));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Problem.NO_SUCH_VERSION, e.getMessage());
        } catch (IllegalStateException e) {
            throw new BadRequest(Problem.PINNED, e.getMessage());
        }
    }

    /** {@code GET /healthz}: the process answers. */
    public Reply health() {
        return ok(JSON.createObjectNode().put("status", "up"));
    }

    /** {@code GET /readyz}: ready only once a model is loaded, so a load balancer waits for it. */
    public Reply ready() {
        Optional<LoadedModel> model = subscriber.current();
        ObjectNode out = JSON.createObjectNode().put("ready", model.isPresent());
        if (model.isEmpty()) {
            out.put("message", "no model loaded yet from topic " + subscriber.topic());
            return Reply.json(503, out.toString());
        }
        out.set("model", describe(model.get()));
        return ok(out);
    }

    /** The answer to a refused request. */
    public static Reply refused(BadRequest e) {
        ObjectNode out =
                JSON.createObjectNode()
                        .put("error", e.problem().code())
                        .put("message", e.getMessage());
        return Reply.json(e.problem().status(), out.toString());
    }

    private LoadedModel serving() {
        return subscriber
                .current()
                .orElseThrow(
                        () ->
                                new BadRequest(
                                        Problem.NO_MODEL,
                                        "no model loaded yet from topic "
                                                + subscriber.topic()
                                                + " (model "
                                                + subscriber.modelId()
                                                + "); GET /readyz says when there is one"));
    }

    private ObjectNode describe(LoadedModel model) {
        SnapshotManifest manifest = model.manifest();
        ObjectNode out = JSON.createObjectNode();
        out.put("model_id", model.modelId());
        out.put("model_type", manifest.getModelType());
        out.put("lineage", model.lineageId());
        out.put("version", model.version());
        out.put("parent_lineage", manifest.getParentLineageId());
        out.put("parent_version", manifest.getParentVersion());
        out.put("created_at", model.createdAt().toString());
        out.put("loaded_at", model.loadedAt().toString());
        out.put("age_seconds", ServingMetrics.ageSeconds(model, clock));
        out.put("examples_trained", manifest.getExamplesTrained());
        out.putPOJO("scenarios", manifest.getScenarios());
        out.putPOJO("tasks", model.tasks());
        return out;
    }

    private static ObjectNode version(Score score) {
        return JSON.createObjectNode()
                .put("lineage", score.modelLineage())
                .put("version", score.modelVersion());
    }

    private static ObjectNode probabilities(Score score) {
        ObjectNode out = JSON.createObjectNode();
        score.probabilities().forEach(out::put);
        return out;
    }

    /** The optional {@code {"version": N}} of the model control endpoints. */
    private static OptionalLong version(String body) {
        if (body == null || body.isBlank()) {
            return OptionalLong.empty();
        }
        JsonNode root = ScoreRequest.jsonObject(body, "{\"version\": N}, or no body");
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("version")) {
                throw new BadRequest(
                        Problem.INVALID_FIELD, name + " is not a field; the only one is version");
            }
        }
        JsonNode version = root.get("version");
        if (version == null) {
            return OptionalLong.empty();
        }
        if (!version.isIntegralNumber() || version.asLong() < 1) {
            throw new BadRequest(
                    Problem.INVALID_FIELD, "version must be a positive integer, got " + version);
        }
        return OptionalLong.of(version.asLong());
    }

    private static Reply ok(JsonNode body) {
        return Reply.json(200, body.toString());
    }
}
