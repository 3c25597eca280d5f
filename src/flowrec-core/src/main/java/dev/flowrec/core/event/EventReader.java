package dev.flowrec.core.event;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Decodes and validates impressions and feedback. A record is rejected, never thrown, so the job
 * can dead-letter it and go on: undecodable bytes are {@code UNDECODABLE}; a decoded record whose
 * time lies outside the {@link EventTimeBounds} is {@code OUT_OF_TIME_BOUNDS}; one with a missing
 * id, an unknown scenario or task, or oversized content is {@code INVALID}.
 */
public final class EventReader {
    static final int MAX_ID_LENGTH = 512;
    static final int MAX_FEATURES = 1024;
    static final int MAX_SEQUENCE_LENGTH = 1000;

    private final EventCodec<Impression> impressions = EventCodec.of(Impression.class);
    private final EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
    private final ScenarioTaskSpace space;
    private final EventTimeBounds bounds;
    private final Clock clock;

    public EventReader(ScenarioTaskSpace space, EventTimeBounds bounds, Clock clock) {
        this.space = space;
        this.bounds = bounds;
        this.clock = clock;
    }

    public Intake<Impression> readImpression(byte[] value) {
        Impression imp;
        try {
            imp = impressions.decode(value == null ? new byte[0] : value);
        } catch (IOException e) {
            return Intake.rejected(
                    DeadLetterReason.UNDECODABLE, "not an Impression: " + e.getMessage());
        }
        String problem =
                firstProblem(
                        idProblem("impression_id", imp.getImpressionId()),
                        idProblem("user_id", imp.getUserId()),
                        idProblem("item_id", imp.getItemId()),
                        space.scenarioIndex(imp.getScenario()) < 0
                                ? "unknown scenario '"
                                        + abbreviate(imp.getScenario())
                                        + "' (configured: "
                                        + space.scenarios()
                                        + ")"
                                : null,
                        imp.getCategorical().size() + imp.getNumeric().size() > MAX_FEATURES
                                ? "more than " + MAX_FEATURES + " features"
                                : null,
                        sequenceProblem(imp.getSequences()),
                        nonFinite(imp.getNumeric()));
        return verdict(imp, problem, imp.getEventTime());
    }

    public Intake<Feedback> readFeedback(byte[] value) {
        Feedback fb;
        try {
            fb = feedback.decode(value == null ? new byte[0] : value);
        } catch (IOException e) {
            return Intake.rejected(
                    DeadLetterReason.UNDECODABLE, "not a Feedback: " + e.getMessage());
        }
        String problem =
                firstProblem(
                        idProblem("impression_id", fb.getImpressionId()),
                        space.taskIndex(fb.getTask()) < 0
                                ? "unknown task '"
                                        + abbreviate(fb.getTask())
                                        + "' (configured: "
                                        + space.tasks()
                                        + ")"
                                : null,
                        fb.getValue() != null && !Double.isFinite(fb.getValue())
                                ? "value is not finite"
                                : null);
        return verdict(fb, problem, fb.getEventTime());
    }

    private static String firstProblem(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String idProblem(String field, String id) {
        if (id == null || id.isBlank()) {
            return field + " is empty";
        }
        return id.length() > MAX_ID_LENGTH
                ? field + " is longer than " + MAX_ID_LENGTH + " characters"
                : null;
    }

    /**
     * Time first: the source's watermark ignored such a record for its time alone ({@link
     * TrustedEventTime}), and its dead letter should say so.
     */
    private <T> Intake<T> verdict(T record, String problem, long eventTime) {
        String time = bounds.problem(eventTime, clock.millis());
        if (time != null) {
            return Intake.rejected(DeadLetterReason.OUT_OF_TIME_BOUNDS, time);
        }
        return problem == null
                ? Intake.accepted(record)
                : Intake.rejected(DeadLetterReason.INVALID, problem);
    }

    private static String sequenceProblem(Map<String, List<String>> sequences) {
        for (Map.Entry<String, List<String>> e : sequences.entrySet()) {
            if (e.getValue().size() > MAX_SEQUENCE_LENGTH) {
                return "sequence '"
                        + abbreviate(e.getKey())
                        + "' is longer than "
                        + MAX_SEQUENCE_LENGTH;
            }
        }
        return null;
    }

    private static String nonFinite(Map<String, Double> numeric) {
        for (Map.Entry<String, Double> e : numeric.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                return "numeric feature '" + abbreviate(e.getKey()) + "' is not finite";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
