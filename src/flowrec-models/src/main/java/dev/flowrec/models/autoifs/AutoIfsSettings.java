package dev.flowrec.models.autoifs;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.events.AutoIfsSettingsRecord;
import dev.flowrec.models.ArchitectureSettings;
import dev.flowrec.models.ModelSettings;
import java.util.List;

/**
 * AutoIFS's own settings, one field per {@code model.autoifs.*} option; see {@link ModelOptions}
 * for what each means. They travel in AutoIFS's state block of an artifact ({@link AutoIfsState}).
 * The constraints are checked again here because settings are also built in code and decoded from
 * artifacts, not only parsed from configuration.
 *
 * @param loraRank rank r of every LoRA unit
 * @param bottomSizes widths of the shared bottom MLP; the gate network's body has the same shape
 * @param scenarioSize output width of the scenario layer
 * @param searchExamples length W of a search window, in training examples
 * @param temperatureSteps parts the window is cut into; the temperature is constant within a part
 * @param finalTemperature temperature of the last part; the first part has 1
 * @param rewindFraction the main model is snapshotted after this fraction of the window
 * @param gateLearningRateFactor gate Adam learning rate as a factor of the main learning rate
 * @param retrainLearningRate main Adam learning rate after the search
 * @param retrainL2 L2 weight decay after the search
 * @param researchInterval examples of training with frozen masks before a new search; 0 = never
 * @param flowReportWindow scored examples per scenario and task that flow-keep shares cover
 */
public record AutoIfsSettings(
        int loraRank,
        List<Integer> bottomSizes,
        int scenarioSize,
        long searchExamples,
        int temperatureSteps,
        double finalTemperature,
        double rewindFraction,
        double gateLearningRateFactor,
        double retrainLearningRate,
        double retrainL2,
        long researchInterval,
        int flowReportWindow)
        implements ArchitectureSettings {

    private static final AutoIfsSettings DEFAULTS = from(FlowRecConfig.defaults());

    public AutoIfsSettings {
        bottomSizes = List.copyOf(bottomSizes);
        check(loraRank >= 1, "loraRank must be at least 1, got %s", loraRank);
        check(
                !bottomSizes.isEmpty() && bottomSizes.stream().allMatch(w -> w >= 1),
                "bottomSizes must be one or more positive widths, got %s",
                bottomSizes);
        check(scenarioSize >= 1, "scenarioSize must be at least 1, got %s", scenarioSize);
        check(searchExamples >= 1, "searchExamples must be at least 1, got %s", searchExamples);
        check(
                temperatureSteps >= 2,
                "temperatureSteps must be at least 2, got %s",
                temperatureSteps);
        check(
                finalTemperature >= 1.0 && Double.isFinite(finalTemperature),
                "finalTemperature must be finite and at least 1, got %s",
                finalTemperature);
        check(
                rewindFraction >= 0.0 && rewindFraction <= 1.0,
                "rewindFraction must be between 0 and 1, got %s",
                rewindFraction);
        check(
                gateLearningRateFactor > 0.0 && Double.isFinite(gateLearningRateFactor),
                "gateLearningRateFactor must be finite and positive, got %s",
                gateLearningRateFactor);
        check(
                retrainLearningRate > 0.0 && Double.isFinite(retrainLearningRate),
                "retrainLearningRate must be finite and positive, got %s",
                retrainLearningRate);
        check(
                retrainL2 >= 0.0 && Double.isFinite(retrainL2),
                "retrainL2 must be finite and not negative, got %s",
                retrainL2);
        check(
                researchInterval >= 0,
                "researchInterval must be 0 (never) or positive, got %s",
                researchInterval);
        check(
                flowReportWindow >= 1,
                "flowReportWindow must be at least 1, got %s",
                flowReportWindow);
    }

    /** The reference defaults (the {@code model.autoifs.*} option defaults). */
    public static AutoIfsSettings defaults() {
        return DEFAULTS;
    }

    /** The AutoIFS settings of complete model settings of type autoifs. */
    public static AutoIfsSettings of(ModelSettings settings) {
        return settings.architecture(AutoIfsSettings.class);
    }

    public static AutoIfsSettings from(FlowRecConfig config) {
        return new AutoIfsSettings(
                config.get(ModelOptions.AUTOIFS_LORA_RANK),
                config.get(ModelOptions.AUTOIFS_BOTTOM_SIZES),
                config.get(ModelOptions.AUTOIFS_SCENARIO_SIZE),
                config.get(ModelOptions.AUTOIFS_SEARCH_EXAMPLES),
                config.get(ModelOptions.AUTOIFS_TEMPERATURE_STEPS),
                config.get(ModelOptions.AUTOIFS_FINAL_TEMPERATURE),
                config.get(ModelOptions.AUTOIFS_REWIND_FRACTION),
                config.get(ModelOptions.AUTOIFS_GATE_LEARNING_RATE_FACTOR),
                config.get(ModelOptions.AUTOIFS_RETRAIN_LEARNING_RATE),
                config.get(ModelOptions.AUTOIFS_RETRAIN_L2),
                config.get(ModelOptions.AUTOIFS_RESEARCH_INTERVAL),
                config.get(ModelOptions.AUTOIFS_FLOW_REPORT_WINDOW));
    }

    /** A copy with another search window; the other settings unchanged. */
    public AutoIfsSettings withSearch(long examples, double rewind, long research) {
        return new AutoIfsSettings(
                loraRank,
                bottomSizes,
                scenarioSize,
                examples,
                temperatureSteps,
                finalTemperature,
                rewind,
                gateLearningRateFactor,
                retrainLearningRate,
                retrainL2,
                research,
                flowReportWindow);
    }

    /** A copy with other layer sizes; the other settings unchanged. */
    public AutoIfsSettings withSizes(int rank, List<Integer> bottom, int scenario) {
        return new AutoIfsSettings(
                rank,
                bottom,
                scenario,
                searchExamples,
                temperatureSteps,
                finalTemperature,
                rewindFraction,
                gateLearningRateFactor,
                retrainLearningRate,
                retrainL2,
                researchInterval,
                flowReportWindow);
    }

    /** A copy with other retrain optimiser settings; the other settings unchanged. */
    public AutoIfsSettings withRetrain(double learningRate, double l2) {
        return new AutoIfsSettings(
                loraRank,
                bottomSizes,
                scenarioSize,
                searchExamples,
                temperatureSteps,
                finalTemperature,
                rewindFraction,
                gateLearningRateFactor,
                learningRate,
                l2,
                researchInterval,
                flowReportWindow);
    }

    AutoIfsSettingsRecord toRecord() {
        return AutoIfsSettingsRecord.newBuilder()
                .setLoraRank(loraRank)
                .setBottomSizes(bottomSizes)
                .setScenarioSize(scenarioSize)
                .setSearchExamples(searchExamples)
                .setTemperatureSteps(temperatureSteps)
                .setFinalTemperature(finalTemperature)
                .setRewindFraction(rewindFraction)
                .setGateLearningRateFactor(gateLearningRateFactor)
                .setRetrainLearningRate(retrainLearningRate)
                .setRetrainL2(retrainL2)
                .setResearchInterval(researchInterval)
                .setFlowReportWindow(flowReportWindow)
                .build();
    }

    static AutoIfsSettings fromRecord(AutoIfsSettingsRecord r) {
        return new AutoIfsSettings(
                r.getLoraRank(),
                r.getBottomSizes(),
                r.getScenarioSize(),
                r.getSearchExamples(),
                r.getTemperatureSteps(),
                r.getFinalTemperature(),
                r.getRewindFraction(),
                r.getGateLearningRateFactor(),
                r.getRetrainLearningRate(),
                r.getRetrainL2(),
                r.getResearchInterval(),
                r.getFlowReportWindow());
    }

    private static void check(boolean condition, String format, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, value));
        }
    }
}
