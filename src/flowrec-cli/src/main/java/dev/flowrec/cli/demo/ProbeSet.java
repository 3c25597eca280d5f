package dev.flowrec.cli.demo;

import dev.flowrec.events.Impression;
import dev.flowrec.serving.Score;
import dev.flowrec.serving.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed set of impressions the demo scores through the serving {@link Scorer} whenever a new
 * version is loaded, to show that serving swaps models and that scores move between versions.
 */
final class ProbeSet {
    /**
     * One scoring round: the version, the mean probability per task, the mean |change| since the
     * previous version.
     */
    record Round(long version, Map<String, Double> meanProbability, double meanAbsoluteChange) {}

    private final List<Impression> impressions;
    private final List<Round> rounds = new ArrayList<>();
    private List<Score> previous;

    ProbeSet(List<Impression> impressions) {
        this.impressions = List.copyOf(impressions);
    }

    /** Scores the set if the served version changed since the last round. */
    void scoreIfNew(Scorer scorer, long servedVersion) {
        if (servedVersion == 0
                || (!rounds.isEmpty()
                        && rounds.get(rounds.size() - 1).version() == servedVersion)) {
            return;
        }
        List<Score> scores = scorer.score(impressions);
        Map<String, Double> mean = new LinkedHashMap<>();
        double change = 0;
        int n = 0;
        for (int i = 0; i < scores.size(); i++) {
            for (Map.Entry<String, Double> e : scores.get(i).probabilities().entrySet()) {
                mean.merge(e.getKey(), e.getValue() / scores.size(), Double::sum);
                if (previous != null) {
                    change += Math.abs(e.getValue() - previous.get(i).probability(e.getKey()));
                    n++;
                }
            }
        }
        rounds.add(new Round(scores.get(0).modelVersion(), mean, n == 0 ? Double.NaN : change / n));
        previous = scores;
    }

    List<Round> rounds() {
        return List.copyOf(rounds);
    }
}
