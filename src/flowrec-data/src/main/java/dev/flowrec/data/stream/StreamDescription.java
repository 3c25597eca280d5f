package dev.flowrec.data.stream;

import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.LossCorrection;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job must know about a data set to learn from its stream: the scenarios and tasks (in model
 * order), the features its impressions carry, and per task the label windows its feedback delays
 * call for. {@link #jobSettings()} writes them as FlowRec options to merge into a job's.
 *
 * @param space scenarios and tasks
 * @param categoricalFeatures keys of {@code Impression.categorical}
 * @param numericFeatures keys of {@code Impression.numeric}
 * @param sequenceFeatures keys of {@code Impression.sequences}; empty when impressions carry none
 * @param sequenceLength most recent items the sequences hold; 0 without sequences
 * @param observationWindows per task, the observation window C
 * @param attributionWindows per task, the attribution window W
 * @param knowsTrueProbabilities whether impressions carry the probabilities their labels were drawn
 *     with (a generator), so the Bayes-optimal ceiling can be reported
 */
public record StreamDescription(
        ScenarioTaskSpace space,
        List<String> categoricalFeatures,
        List<String> numericFeatures,
        List<String> sequenceFeatures,
        int sequenceLength,
        Map<String, Duration> observationWindows,
        Map<String, Duration> attributionWindows,
        boolean knowsTrueProbabilities) {

    public StreamDescription {
        categoricalFeatures = List.copyOf(categoricalFeatures);
        numericFeatures = List.copyOf(numericFeatures);
        sequenceFeatures = List.copyOf(sequenceFeatures);
        observationWindows = Map.copyOf(observationWindows);
        attributionWindows = Map.copyOf(attributionWindows);
        if (sequenceFeatures.isEmpty() ? sequenceLength != 0 : sequenceLength < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "sequenceLength must be at least 1 with sequences and 0 without, got %d"
                                    + " for sequences %s",
                            sequenceLength, sequenceFeatures));
        }
        // Fails naming the task whose window is missing or whose C exceeds its W.
        LabelWindows.of(space.tasks(), observationWindows, attributionWindows);
    }

    /** The label windows in task order, as the join and the delayed-feedback trainer take them. */
    public LabelWindows labelWindows() {
        return LabelWindows.of(space.tasks(), observationWindows, attributionWindows);
    }

    /**
     * The same description with other label windows, e.g. shorter ones so a short demo sees final
     * labels.
     */
    public StreamDescription withWindows(
            Map<String, Duration> observation, Map<String, Duration> attribution) {
        return new StreamDescription(
                space,
                categoricalFeatures,
                numericFeatures,
                sequenceFeatures,
                sequenceLength,
                observation,
                attribution,
                knowsTrueProbabilities);
    }

    /**
     * The FlowRec options describing this data to a job: scenarios, tasks, label windows, the
     * default emission policy and correction for each of its tasks (the options' defaults name only
     * the default tasks), and the categorical and numeric features. Behaviour sequences are left
     * out: only models that read them want them ({@link #sequenceSettings()}).
     */
    public Map<String, String> jobSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(
                LabelOptions.SCENARIOS.key(), LabelOptions.SCENARIOS.format(space.scenarios()));
        settings.put(LabelOptions.TASKS.key(), LabelOptions.TASKS.format(space.tasks()));
        settings.put(
                LabelOptions.OBSERVATION_WINDOW.key(),
                LabelOptions.OBSERVATION_WINDOW.format(observationWindows));
        settings.put(
                LabelOptions.ATTRIBUTION_WINDOW.key(),
                LabelOptions.ATTRIBUTION_WINDOW.format(attributionWindows));
        Map<String, EmissionPolicy> policy = new LinkedHashMap<>();
        Map<String, LossCorrection> correction = new LinkedHashMap<>();
        for (String task : space.tasks()) {
            policy.put(task, LabelOptions.DEFAULT_POLICY);
            correction.put(task, LabelOptions.DEFAULT_CORRECTION);
        }
        settings.put(LabelOptions.POLICY.key(), LabelOptions.POLICY.format(policy));
        settings.put(LabelOptions.CORRECTION.key(), LabelOptions.CORRECTION.format(correction));
        if (!categoricalFeatures.isEmpty()) {
            settings.put(
                    ModelOptions.CATEGORICAL_FEATURES.key(),
                    ModelOptions.CATEGORICAL_FEATURES.format(categoricalFeatures));
        }
        if (!numericFeatures.isEmpty()) {
            settings.put(
                    ModelOptions.NUMERIC_FEATURES.key(),
                    ModelOptions.NUMERIC_FEATURES.format(numericFeatures));
        }
        return settings;
    }

    /**
     * The options that feed the behaviour sequences to a model that reads them (DTRN); empty
     * without sequences.
     */
    public Map<String, String> sequenceSettings() {
        if (sequenceFeatures.isEmpty()) {
            return Map.of();
        }
        return Map.of(
                ModelOptions.SEQUENCE_FEATURES.key(),
                ModelOptions.SEQUENCE_FEATURES.format(sequenceFeatures),
                ModelOptions.SEQUENCE_LENGTH.key(),
                ModelOptions.SEQUENCE_LENGTH.format(sequenceLength));
    }
}
