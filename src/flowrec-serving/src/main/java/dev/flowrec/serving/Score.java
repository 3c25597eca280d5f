package dev.flowrec.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer for one impression: a probability per task, and the model version behind it (style
 * rule 12: every score states its version). Version numbers count within a lineage, so the lineage
 * is part of what names the model.
 *
 * @param modelLineage the lineage of the model that scored
 * @param modelVersion the snapshot version of the model that scored, within its lineage
 * @param probabilities per task, in the model's task order, after the manifest's prediction
 *     transform; unmodifiable
 */
public record Score(String modelLineage, long modelVersion, Map<String, Double> probabilities) {

    public Score {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * The probability of one task.
     *
     * @throws IllegalArgumentException naming the task and the known ones
     */
    public double probability(String task) {
        Double p = probabilities.get(task);
        if (p == null) {
            throw new IllegalArgumentException(
                    "task '"
                            + task
                            + "' is not scored by model version "
                            + modelVersion
                            + "; its tasks are "
                            + probabilities.keySet());
        }
        return p;
    }
}
