package dev.flowrec.core.label;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.EmissionPolicy;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.LossCorrection;
import java.util.List;
import java.util.Map;

/**
 * Per task, the join's emission policy and the trainer's loss correction, checked together at
 * start: a correction is only valid for the label distribution of the policies it was derived for.
 */
public record LabelPolicies(
        List<String> tasks, EmissionPolicy[] policies, LossCorrection[] corrections)
        implements java.io.Serializable {

    public static LabelPolicies of(
            List<String> tasks,
            Map<String, EmissionPolicy> policy,
            Map<String, LossCorrection> correction) {
        unknownTasks(LabelOptions.POLICY.key(), policy, tasks);
        unknownTasks(LabelOptions.CORRECTION.key(), correction, tasks);
        EmissionPolicy[] p = new EmissionPolicy[tasks.size()];
        LossCorrection[] c = new LossCorrection[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            p[t] = policy.get(task);
            if (p[t] == null) {
                throw new ConfigException(
                        "Configuration key '"
                                + LabelOptions.POLICY.key()
                                + "' has no policy for task '"
                                + task
                                + "' (tasks: "
                                + tasks
                                + ")");
            }
            c[t] = correction.getOrDefault(task, LossCorrection.NONE);
            if (!c[t].fits(p[t])) {
                throw new ConfigException(
                        "Configuration key '"
                                + LabelOptions.CORRECTION.key()
                                + "': correction '"
                                + c[t].value()
                                + "' of task '"
                                + task
                                + "' does not fit its policy '"
                                + p[t].value()
                                + "' ('"
                                + LabelOptions.POLICY.key()
                                + "')");
            }
        }
        return new LabelPolicies(List.copyOf(tasks), p, c);
    }

    public static LabelPolicies from(FlowRecConfig config) {
        return of(
                config.get(LabelOptions.TASKS),
                config.get(LabelOptions.POLICY),
                config.get(LabelOptions.CORRECTION));
    }

    /** Every task on the same policy and correction. */
    public static LabelPolicies uniform(
            List<String> tasks, EmissionPolicy policy, LossCorrection correction) {
        return of(
                tasks,
                tasks.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> policy)),
                tasks.stream().collect(java.util.stream.Collectors.toMap(t -> t, t -> correction)));
    }

    public EmissionPolicy policy(int task) {
        return policies[task];
    }

    public LossCorrection correction(int task) {
        return corrections[task];
    }

    /** True when some task's correction needs the auxiliary delay model. */
    public boolean needsDelayModel() {
        for (LossCorrection c : corrections) {
            if (c.needsDelayModel()) {
                return true;
            }
        }
        return false;
    }

    private static void unknownTasks(String key, Map<String, ?> byTask, List<String> tasks) {
        for (String name : byTask.keySet()) {
            if (!tasks.contains(name)) {
                throw new ConfigException(
                        "Configuration key '"
                                + key
                                + "' names task '"
                                + name
                                + "', which is not in '"
                                + LabelOptions.TASKS.key()
                                + "' "
                                + tasks);
            }
        }
    }
}
