package dev.flowrec.serving;

import dev.flowrec.core.snapshot.SnapshotRejection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every callback, in order. */
final class RecordingListener implements SnapshotListener {
    final List<Long> loaded = new CopyOnWriteArrayList<>();
    final List<SnapshotRejection> rejected = new CopyOnWriteArrayList<>();
    final List<Long> rolledBack = new CopyOnWriteArrayList<>();

    @Override
    public void onLoaded(LoadedModel model) {
        loaded.add(model.version());
    }

    @Override
    public void onRejected(SnapshotRejection rejection) {
        rejected.add(rejection);
    }

    @Override
    public void onRolledBack(LoadedModel model) {
        rolledBack.add(model.version());
    }
}
