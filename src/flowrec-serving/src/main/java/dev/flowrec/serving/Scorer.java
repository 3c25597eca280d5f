package dev.flowrec.serving;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.events.Impression;
import dev.flowrec.models.MultiTaskModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-task probabilities for impressions, from the current model of a {@link SnapshotSubscriber}.
 *
 * <pre>{@code
 * Scorer scorer = subscriber.scorer();
 * Score score = scorer.score(impression);
 * double pClick = score.probability("click");
 * }</pre>
 *
 * <p>Each call reads the current model once (one volatile read), so a whole batch is scored by one
 * version, and a swap never waits for requests. Features are encoded with the model's own {@link
 * FeatureSpec} (the one the trainer used), outputs are mapped through the manifest's prediction
 * transform per task.
 *
 * <p>Thread-safe, and calls do not wait for each other: each version scores through its {@link
 * Inference}, made when it was loaded, which any number of threads may call at once. The first call
 * answered by a new version reports the swap's duration to {@link SwapTimes}.
 */
public final class Scorer {

    private final Supplier<LoadedModel> current;
    private final Supplier<String> noModelMessage;
    private final SwapTimes swapTimes;

    Scorer(Supplier<LoadedModel> current, Supplier<String> noModelMessage, SwapTimes swapTimes) {
        this.current = current;
        this.noModelMessage = noModelMessage;
        this.swapTimes = swapTimes;
    }

    /**
     * Scores one impression.
     *
     * @throws IllegalStateException when no model has been loaded yet
     * @throws IllegalArgumentException when the impression's scenario is unknown to the model
     */
    public Score score(Impression impression) {
        return score(List.of(impression)).get(0);
    }

    /**
     * Scores impressions as one batch with one model version; the result is in input order.
     *
     * @throws IllegalStateException when no model has been loaded yet
     * @throws IllegalArgumentException when an impression is null or its scenario is unknown to the
     *     model
     */
    public List<Score> score(List<Impression> impressions) {
        LoadedModel loaded = current.get();
        if (loaded == null) {
            throw new IllegalStateException(noModelMessage.get());
        }
        if (impressions.isEmpty()) {
            return List.of();
        }
        MultiTaskModel model = loaded.model();
        Batch batch = encode(loaded, model, impressions);
        float[][] outputs = loaded.inference().predict(batch);
        long swapNanos = loaded.swapNanosIfFirstAnswer();
        if (swapNanos >= 0) {
            swapTimes.record(swapNanos);
        }
        if (outputs.length != impressions.size()) {
            throw new IllegalStateException(
                    "model version "
                            + loaded.version()
                            + " returned "
                            + outputs.length
                            + " rows of scores for "
                            + impressions.size()
                            + " impressions");
        }
        List<String> tasks = loaded.tasks();
        List<Score> scores = new ArrayList<>(impressions.size());
        for (float[] row : outputs) {
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int t = 0; t < tasks.size(); t++) {
                probabilities.put(tasks.get(t), loaded.transforms().get(t).apply(row[t]));
            }
            scores.add(new Score(loaded.lineageId(), loaded.version(), probabilities));
        }
        return scores;
    }

    private static Batch encode(
            LoadedModel loaded, MultiTaskModel model, List<Impression> impressions) {
        FeatureSpec features = model.settings().features();
        ScenarioTaskSpace space = model.settings().space();
        int n = impressions.size();
        int fields = features.fieldCount();
        int tasks = space.taskCount();
        int[] rows = new int[n * fields];
        int sequenceRows = features.behaviours() * features.sequenceLength();
        int[] sequences = new int[n * sequenceRows];
        int[] scenarios = new int[n];
        for (int i = 0; i < n; i++) {
            Impression impression = impressions.get(i);
            if (impression == null) {
                throw new IllegalArgumentException("impressions[" + i + "] is null");
            }
            int scenario = space.scenarioIndex(impression.getScenario());
            if (scenario < 0) {
                throw new IllegalArgumentException(
                        "impression '"
                                + impression.getImpressionId()
                                + "' has scenario '"
                                + impression.getScenario()
                                + "', unknown to model version "
                                + loaded.version()
                                + "; its scenarios are "
                                + space.scenarios());
            }
            features.encode(impression, rows, i * fields);
            features.encodeSequences(impression, sequences, i * sequenceRows);
            scenarios[i] = scenario;
        }
        // Labels and weights are unused by predict; zero weights also keep them out of any loss.
        float[] zeros = new float[n * tasks];
        return new Batch(
                n,
                fields,
                tasks,
                rows,
                scenarios,
                zeros,
                zeros,
                0,
                new float[0],
                features.behaviours(),
                features.sequenceLength(),
                sequences);
    }
}
