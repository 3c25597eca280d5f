package dev.flowrec.core.snapshot;

/**
 * What a {@link SnapshotPublisher} must keep across restarts, checkpointed with the model it
 * describes: so that versions keep increasing and the schedule continues where it stood.
 *
 * @param version the last published version; 0 before the first
 * @param examplesAtLastPublish examples trained at the last publish or held-back attempt
 * @param lastPublishMillis wall-clock time of that attempt, epoch milliseconds
 */
public record PublisherState(long version, long examplesAtLastPublish, long lastPublishMillis) {

    public PublisherState {
        if (version < 0 || examplesAtLastPublish < 0) {
            throw new IllegalArgumentException(
                    "version and examplesAtLastPublish must be >= 0, got "
                            + version
                            + " and "
                            + examplesAtLastPublish);
        }
    }

    /**
     * The state of a publisher that has published nothing yet, starting its clock at {@code
     * nowMillis}.
     */
    public static PublisherState initial(long nowMillis) {
        return new PublisherState(0, 0, nowMillis);
    }
}
