package dev.flowrec.core.snapshot;

import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link SnapshotPublisher} must keep across restarts, checkpointed with the model it
 * describes: the lineage it publishes in, so that its versions keep increasing and the schedule
 * continues where it stood.
 *
 * @param lineageId the lineage the next version belongs to
 * @param lineageStartedAt when that lineage started, epoch milliseconds
 * @param parentLineageId the lineage of {@code version}: {@code lineageId} once this lineage has
 *     published, the lineage it was forked from before that, empty when {@code version} is 0
 * @param version the last published version; 0 before the first
 * @param examplesAtLastPublish examples trained at the last publish or withheld attempt
 * @param lastPublishMillis wall-clock time of that attempt, epoch milliseconds
 */
public record PublisherState(
        String lineageId,
        long lineageStartedAt,
        String parentLineageId,
        long version,
        long examplesAtLastPublish,
        long lastPublishMillis) {

    public PublisherState {
        Objects.requireNonNull(lineageId, "lineageId");
        Objects.requireNonNull(parentLineageId, "parentLineageId");
        if (version < 0 || examplesAtLastPublish < 0) {
            throw new IllegalArgumentException(
                    "version and examplesAtLastPublish must be >= 0, got "
                            + version
                            + " and "
                            + examplesAtLastPublish);
        }
    }

    /**
     * The state of a publisher that has published nothing yet, in a new lineage started at {@code
     * nowMillis}, with its schedule's clock starting then too.
     */
    public static PublisherState initial(long nowMillis) {
        return new PublisherState(newLineageId(), nowMillis, "", 0, 0, nowMillis);
    }

    /**
     * This state, restored at {@code nowMillis}, in a new lineage that continues this one's version
     * numbers. Versions published after this state was checkpointed may have been committed with
     * other bytes (a restore from an older checkpoint), so the restored publisher must not publish
     * under this lineage again. The new lineage starts after this one even when the restoring
     * machine's clock lags, so that subscribers follow it.
     */
    public PublisherState forked(long nowMillis) {
        return new PublisherState(
                newLineageId(),
                Math.max(nowMillis, lineageStartedAt + 1),
                parentLineageId,
                version,
                examplesAtLastPublish,
                lastPublishMillis);
    }

    /** The state after publishing {@code published} at {@code nowMillis}. */
    PublisherState published(long published, long examples, long nowMillis) {
        return new PublisherState(
                lineageId, lineageStartedAt, lineageId, published, examples, nowMillis);
    }

    /** The state after a withheld attempt: same version, schedule restarted. */
    PublisherState withheld(long examples, long nowMillis) {
        return new PublisherState(
                lineageId, lineageStartedAt, parentLineageId, version, examples, nowMillis);
    }

    private static String newLineageId() {
        return UUID.randomUUID().toString();
    }
}
