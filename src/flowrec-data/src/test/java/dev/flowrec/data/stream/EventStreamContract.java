package dev.flowrec.data.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What every {@link EventStream} promises, checked on its first impressions: event time never goes
 * back, feedback follows its impression strictly and names a described task, the final labels are
 * exactly the feedback that follows, impressions carry the described scenarios and features, a
 * second replay is identical, and the job settings read back as the description.
 */
public final class EventStreamContract {
    private EventStreamContract() {}

    /**
     * Checks the stream's first {@code impressions} impressions; returns the events for further
     * checks.
     */
    public static List<StreamEvent> check(EventStream stream, int impressions) {
        StreamDescription description = stream.description();
        ScenarioTaskSpace space = description.space();
        List<StreamEvent> events = drain(stream.events(impressions));
        assertThat(drain(stream.events(impressions))).as("a second replay").isEqualTo(events);

        Map<String, Impression> shown = new HashMap<>();
        Map<String, Integer> feedbackSeen = new HashMap<>();
        List<StreamEvent.ImpressionEvent> impressionEvents = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (StreamEvent event : events) {
            assertThat(event.eventTime())
                    .as("event time of %s", event)
                    .isGreaterThanOrEqualTo(previous);
            previous = event.eventTime();
            if (event instanceof StreamEvent.ImpressionEvent e) {
                Impression impression = e.impression();
                assertThat(shown.put(impression.getImpressionId(), impression))
                        .as("a second %s", e)
                        .isNull();
                assertThat(space.scenarios()).contains(impression.getScenario());
                assertThat(impression.getCategorical())
                        .containsKeys(description.categoricalFeatures().toArray(String[]::new));
                assertThat(impression.getNumeric())
                        .containsKeys(description.numericFeatures().toArray(String[]::new));
                assertThat(impression.getSequences())
                        .containsKeys(description.sequenceFeatures().toArray(String[]::new));
                assertThat(e.hasTrueProbabilities())
                        .isEqualTo(description.knowsTrueProbabilities());
                for (int t = 0; t < space.taskCount(); t++) {
                    assertThat(e.finalLabel(t)).isBetween(0, 1);
                    if (e.hasTrueProbabilities()) {
                        assertThat(e.trueProbability(t)).isBetween(0.0, 1.0);
                    }
                }
                impressionEvents.add(e);
            } else {
                Feedback feedback = ((StreamEvent.FeedbackEvent) event).feedback();
                Impression impression = shown.get(feedback.getImpressionId());
                assertThat(impression).as("impression before %s", feedback).isNotNull();
                assertThat(feedback.getEventTime())
                        .as("time of %s", feedback)
                        .isGreaterThan(impression.getEventTime());
                assertThat(space.tasks()).contains(feedback.getTask());
                feedbackSeen.merge(
                        feedback.getImpressionId() + "/" + feedback.getTask(), 1, Integer::sum);
            }
        }
        assertThat(impressionEvents).hasSize(impressions);
        for (StreamEvent.ImpressionEvent e : impressionEvents) {
            for (int t = 0; t < space.taskCount(); t++) {
                String key = e.impression().getImpressionId() + "/" + space.tasks().get(t);
                assertThat(feedbackSeen.getOrDefault(key, 0))
                        .as("feedback for %s", key)
                        .isEqualTo(e.finalLabel(t));
            }
        }
        checkSettings(description);
        return events;
    }

    /**
     * The job settings, parsed as the job parses them, give back the description's space and
     * windows.
     */
    private static void checkSettings(StreamDescription description) {
        FlowRecConfig config =
                FlowRecConfig.of(description.jobSettings()).with(description.sequenceSettings());
        assertThat(config.unknownKeys()).isEmpty();
        assertThat(config.get(LabelOptions.SCENARIOS)).isEqualTo(description.space().scenarios());
        assertThat(config.get(LabelOptions.TASKS)).isEqualTo(description.space().tasks());
        LabelWindows windows =
                LabelWindows.of(
                        config.get(LabelOptions.TASKS),
                        config.get(LabelOptions.OBSERVATION_WINDOW),
                        config.get(LabelOptions.ATTRIBUTION_WINDOW));
        assertThat(windows.observationMillis())
                .isEqualTo(description.labelWindows().observationMillis());
        assertThat(windows.attributionMillis())
                .isEqualTo(description.labelWindows().attributionMillis());
    }

    private static List<StreamEvent> drain(Iterator<StreamEvent> events) {
        List<StreamEvent> out = new ArrayList<>();
        events.forEachRemaining(out::add);
        return out;
    }
}
