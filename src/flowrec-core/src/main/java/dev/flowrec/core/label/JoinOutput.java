package dev.flowrec.core.label;

import dev.flowrec.events.DeadLetterReason;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.TrainingExample;
import java.util.ArrayList;
import java.util.List;

/**
 * What one join step decided: examples to emit, event-time timers to register, feedback to
 * dead-letter, duplicates seen, and whether the key's state is finished and must be cleared.
 */
public final class JoinOutput {
    /** Feedback the join refuses, with the reason. */
    public record RejectedFeedback(Feedback feedback, DeadLetterReason reason, String message) {}

    private final List<TrainingExample> examples = new ArrayList<>(2);
    private final List<Long> timers = new ArrayList<>(2);
    private final List<RejectedFeedback> rejected = new ArrayList<>(0);
    private int duplicateFeedback;
    private boolean duplicateImpression;
    private boolean clearState;
    private boolean stateChanged;
    private int pendingImpressionChange;
    private int orphanOverflow;
    private int expiredOrphans;
    private boolean impressionExpired;

    void emit(TrainingExample example) {
        examples.add(example);
    }

    void timer(long timestamp) {
        if (!timers.contains(timestamp)) {
            timers.add(timestamp);
        }
    }

    void reject(Feedback feedback, DeadLetterReason reason, String message) {
        rejected.add(new RejectedFeedback(feedback, reason, message));
    }

    void duplicateFeedback() {
        duplicateFeedback++;
    }

    void duplicateImpression() {
        duplicateImpression = true;
    }

    void clearState() {
        clearState = true;
    }

    void stateChanged() {
        stateChanged = true;
    }

    void impressionPending() {
        pendingImpressionChange = 1;
    }

    void impressionDone() {
        pendingImpressionChange = -1;
    }

    void orphanOverflow() {
        orphanOverflow++;
    }

    void expiredOrphan() {
        expiredOrphans++;
    }

    void impressionExpired() {
        impressionExpired = true;
    }

    /** Orphan feedback refused because its impression id already held the most allowed. */
    public int orphanOverflowCount() {
        return orphanOverflow;
    }

    /** Orphan feedback dead-lettered because its state expired before its impression came. */
    public int expiredOrphanCount() {
        return expiredOrphans;
    }

    /** True when state holding an impression expired before its windows closed. */
    public boolean isImpressionExpired() {
        return impressionExpired;
    }

    public List<TrainingExample> examples() {
        return examples;
    }

    public List<Long> timers() {
        return timers;
    }

    public List<RejectedFeedback> rejected() {
        return rejected;
    }

    public int duplicateFeedbackCount() {
        return duplicateFeedback;
    }

    public boolean isDuplicateImpression() {
        return duplicateImpression;
    }

    /**
     * True when the step modified the join state, so the caller must write it back; duplicates and
     * timers with nothing due leave it alone and cost no state write.
     */
    public boolean isStateChanged() {
        return stateChanged;
    }

    /**
     * How this step changed the number of impressions waiting for their windows: +1 when an
     * impression arrived, −1 when a state holding one was finished, else 0.
     */
    public int pendingImpressionChange() {
        return pendingImpressionChange;
    }

    /** True when nothing remains for this impression id: the caller deletes its state. */
    public boolean isStateCleared() {
        return clearState;
    }
}
