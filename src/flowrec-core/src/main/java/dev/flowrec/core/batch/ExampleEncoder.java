package dev.flowrec.core.batch;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.util.Map;

/**
 * Turns a training example from the label join into model input. Tasks the example carries no label
 * for, and final labels (emitted for evaluation and the delay model, never trained on by the main
 * model), get weight 0, so the loss ignores them.
 */
public final class ExampleEncoder {
    private final FeatureSpec features;
    private final ScenarioTaskSpace space;

    public ExampleEncoder(FeatureSpec features, ScenarioTaskSpace space) {
        this.features = features;
        this.space = space;
    }

    /**
     * True for the join's final-label examples: evaluation and delay-model input, not training
     * input.
     */
    public static boolean isFinal(TrainingExample example) {
        return example.getLabels().values().stream()
                .anyMatch(l -> l.getEmitKind() == EmitKind.FINAL);
    }

    public EncodedExample encode(TrainingExample example) {
        int tasks = space.taskCount();
        float[] labels = new float[tasks];
        float[] weights = new float[tasks];
        for (Map.Entry<String, TaskLabel> e : example.getLabels().entrySet()) {
            int t = space.taskIndex(e.getKey());
            if (t >= 0 && e.getValue().getEmitKind() != EmitKind.FINAL) {
                labels[t] = e.getValue().getLabel() > 0 ? 1f : 0f;
                weights[t] = 1f;
            }
        }
        return new EncodedExample(
                features.encode(example.getImpression()),
                space.scenarioIndex(example.getImpression().getScenario()),
                labels,
                weights,
                features.behaviours(),
                features.encodeSequences(example.getImpression()));
    }
}
