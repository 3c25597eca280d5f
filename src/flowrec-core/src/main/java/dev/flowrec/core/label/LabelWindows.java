package dev.flowrec.core.label;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Per task, the observation window C (emit the example with the labels seen so far) and the
 * attribution window W (feedback later than this is late), both measured from the impression.
 */
public record LabelWindows(List<String> tasks, long[] observationMillis, long[] attributionMillis)
        implements java.io.Serializable {

    public static LabelWindows of(
            List<String> tasks,
            Map<String, Duration> observation,
            Map<String, Duration> attribution) {
        long[] c = new long[tasks.size()];
        long[] w = new long[tasks.size()];
        for (int t = 0; t < tasks.size(); t++) {
            String task = tasks.get(t);
            Duration ct = observation.get(task);
            Duration wt = attribution.get(task);
            if (ct == null) {
                throw new ConfigException(
                        "Configuration key '"
                                + LabelOptions.OBSERVATION_WINDOW.key()
                                + "' has no window for task '"
                                + task
                                + "' (tasks: "
                                + tasks
                                + ")");
            }
            if (wt == null) {
                throw new ConfigException(
                        "Configuration key '"
                                + LabelOptions.ATTRIBUTION_WINDOW.key()
                                + "' has no window for task '"
                                + task
                                + "' (tasks: "
                                + tasks
                                + ")");
            }
            if (ct.compareTo(wt) > 0) {
                throw new ConfigException(
                        "Observation window "
                                + ct
                                + " of task '"
                                + task
                                + "' ('"
                                + LabelOptions.OBSERVATION_WINDOW.key()
                                + "') exceeds its attribution window "
                                + wt
                                + " ('"
                                + LabelOptions.ATTRIBUTION_WINDOW.key()
                                + "')");
            }
            c[t] = ct.toMillis();
            w[t] = wt.toMillis();
        }
        return new LabelWindows(List.copyOf(tasks), c, w);
    }

    public static LabelWindows from(FlowRecConfig config) {
        LabelWindows windows =
                of(
                        config.get(LabelOptions.TASKS),
                        config.get(LabelOptions.OBSERVATION_WINDOW),
                        config.get(LabelOptions.ATTRIBUTION_WINDOW));
        long needed =
                windows.longestAttributionMillis()
                        + config.get(LabelOptions.ORPHAN_WAIT).toMillis();
        if (config.get(LabelOptions.STATE_TTL).toMillis() <= needed) {
            throw new ConfigException(
                    "Configuration key '"
                            + LabelOptions.STATE_TTL.key()
                            + "' must exceed the longest "
                            + "attribution window plus the orphan wait ("
                            + Duration.ofMillis(needed)
                            + ")");
        }
        return windows;
    }

    public long observationMillis(int task) {
        return observationMillis[task];
    }

    public long attributionMillis(int task) {
        return attributionMillis[task];
    }

    public long longestAttributionMillis() {
        long max = 0;
        for (long w : attributionMillis) {
            max = Math.max(max, w);
        }
        return max;
    }
}
