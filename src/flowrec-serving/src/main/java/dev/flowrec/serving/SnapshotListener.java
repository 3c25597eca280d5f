package dev.flowrec.serving;

import dev.flowrec.core.snapshot.SnapshotRejection;

/**
 * Callbacks about model versions, for metrics and demos. Loads and rejections are reported on the
 * subscriber's thread, rollbacks on the thread that called {@link SnapshotSubscriber#rollbackTo};
 * keep them short. An exception thrown here is logged and otherwise ignored.
 */
public interface SnapshotListener {

    /** A version was loaded and is now the one {@link Scorer} uses. */
    default void onLoaded(LoadedModel model) {}

    /** A version will not be loaded; the current model keeps serving. */
    default void onRejected(SnapshotRejection rejection) {}

    /** {@link SnapshotSubscriber#rollbackTo} made an older (or newer) kept version current. */
    default void onRolledBack(LoadedModel model) {}
}
