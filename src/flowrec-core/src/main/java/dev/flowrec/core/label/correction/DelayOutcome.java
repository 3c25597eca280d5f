package dev.flowrec.core.label.correction;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import java.util.Map;

/**
 * What the delay model learns from a final label: per task, whether the impression converted within
 * the observation window ({@link #EARLY}), after it ({@link #DELAYED}), or never ({@link #NEVER});
 * {@link #ABSENT} where the example has no final label for the task.
 */
public final class DelayOutcome {
    public static final int ABSENT = -1;
    public static final int EARLY = 0;
    public static final int DELAYED = 1;
    public static final int NEVER = 2;

    /** Classes the delay model tells apart. */
    public static final int CLASSES = 3;

    private DelayOutcome() {}

    public static int[] of(
            TrainingExample finalLabels, ScenarioTaskSpace space, LabelWindows windows) {
        int[] out = new int[space.taskCount()];
        java.util.Arrays.fill(out, ABSENT);
        long c = finalLabels.getImpression().getEventTime();
        for (Map.Entry<String, TaskLabel> e : finalLabels.getLabels().entrySet()) {
            int t = space.taskIndex(e.getKey());
            TaskLabel label = e.getValue();
            if (t < 0 || label.getEmitKind() != EmitKind.FINAL) {
                continue;
            }
            if (label.getLabel() == 0 || label.getFeedbackTime() == null) {
                out[t] = NEVER;
            } else {
                out[t] =
                        label.getFeedbackTime() - c <= windows.observationMillis(t)
                                ? EARLY
                                : DELAYED;
            }
        }
        return out;
    }
}
