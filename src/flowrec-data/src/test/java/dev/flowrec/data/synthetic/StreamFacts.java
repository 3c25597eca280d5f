package dev.flowrec.data.synthetic;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.metrics.OnlineEvaluator;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.stream.StreamEvent.FeedbackEvent;
import dev.flowrec.data.stream.StreamEvent.ImpressionEvent;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One pass over a synthetic stream, keeping what the tests check: ordering and feedback problems
 * (as readable messages, so a failure says which event broke what), per-cell sums, a Bayes-optimal
 * evaluator, delays, and a compact copy of every impression.
 */
final class StreamFacts {
    private static final ScenarioTaskSpace SPACE =
            new SyntheticGenerator(SyntheticConfig.defaults()).description().space();
    private static final int MAX_PROBLEMS = 10;

    final List<String> problems = new ArrayList<>();
    final List<ImpressionEvent> impressions = new ArrayList<>();
    final OnlineEvaluator bayes = new OnlineEvaluator(SPACE);

    /** Per cell (scenario-major), over impressions: sum of p, sum of p(1-p), positives. */
    final double[] sumProbability = new double[6];

    final double[] sumVariance = new double[6];
    final long[] positives = new long[6];
    final long[] impressionsPerScenario = new long[3];
    final List<Long> clickDelays = new ArrayList<>();
    final List<Long> conversionDelays = new ArrayList<>();
    long feedbackEvents;
    long lastEventTime = Long.MIN_VALUE;

    private final Map<String, Impression> byId = new HashMap<>();
    private final Map<String, Long> clickTime = new HashMap<>();
    private final Map<String, Integer> feedbackSeen = new HashMap<>();

    static StreamFacts of(Iterator<StreamEvent> events) {
        StreamFacts facts = new StreamFacts();
        while (events.hasNext()) {
            facts.accept(events.next());
        }
        facts.finish();
        return facts;
    }

    private void problem(String format, Object... args) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(String.format(format, args));
        }
    }

    private void accept(StreamEvent event) {
        if (event.eventTime() < lastEventTime) {
            problem("event at %d after one at %d: %s", event.eventTime(), lastEventTime, event);
        }
        lastEventTime = event.eventTime();
        if (event instanceof ImpressionEvent impression) {
            acceptImpression(impression);
        } else if (event instanceof FeedbackEvent feedback) {
            acceptFeedback(feedback.feedback());
        }
    }

    private void acceptImpression(ImpressionEvent event) {
        Impression impression = event.impression();
        if (byId.put(impression.getImpressionId(), impression) != null) {
            problem("duplicate impression id %s", impression.getImpressionId());
        }
        impressions.add(event);
        int scenario = SPACE.scenarioIndex(impression.getScenario());
        impressionsPerScenario[scenario]++;
        for (int t = 0; t < SPACE.taskCount(); t++) {
            double p = event.trueProbability(t);
            int label = event.finalLabel(t);
            bayes.record(scenario, t, p, label);
            int cell = scenario * SPACE.taskCount() + t;
            sumProbability[cell] += p;
            sumVariance[cell] += p * (1.0 - p);
            positives[cell] += label;
        }
        if (event.finalLabel(SPACE.taskIndex(SyntheticGenerator.CONVERSION))
                > event.finalLabel(SPACE.taskIndex(SyntheticGenerator.CLICK))) {
            problem("conversion without click: %s", impression.getImpressionId());
        }
    }

    private void acceptFeedback(Feedback feedback) {
        feedbackEvents++;
        String id = feedback.getImpressionId();
        Impression impression = byId.get(id);
        String task = feedback.getTask();
        if (impression == null) {
            problem("feedback before (or without) its impression: %s", feedback);
            return;
        }
        if (!SPACE.tasks().contains(task)) {
            problem("feedback with unknown task: %s", feedback);
            return;
        }
        if (feedback.getEventTime() <= impression.getEventTime()) {
            problem(
                    "feedback not strictly after its impression at %d: %s",
                    impression.getEventTime(), feedback);
        }
        if (feedbackSeen.merge(id + "/" + task, 1, Integer::sum) > 1) {
            problem("second %s feedback for %s", task, id);
        }
        if (task.equals(SyntheticGenerator.CLICK)) {
            clickTime.put(id, feedback.getEventTime());
            clickDelays.add(feedback.getEventTime() - impression.getEventTime());
        } else {
            Long click = clickTime.get(id);
            if (click == null || feedback.getEventTime() <= click) {
                problem("conversion not strictly after a click (%s): %s", click, feedback);
            } else {
                conversionDelays.add(feedback.getEventTime() - click);
            }
        }
    }

    /** Every positive final label must have had its feedback, and nothing else. */
    private void finish() {
        for (ImpressionEvent event : impressions) {
            for (String task : SPACE.tasks()) {
                String key = event.impression().getImpressionId() + "/" + task;
                int seen = feedbackSeen.getOrDefault(key, 0);
                int label = event.finalLabel(SPACE.taskIndex(task));
                if (seen != label) {
                    problem("%s: final label %d but %d feedback events", key, label, seen);
                }
            }
        }
    }

    /** Expected positives of a cell under the true probabilities. */
    double expected(int cell) {
        return sumProbability[cell];
    }
}
