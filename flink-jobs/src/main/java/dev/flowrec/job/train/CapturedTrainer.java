package dev.flowrec.job.train;

import dev.flowrec.models.delay.DelayedFeedbackTrainer;

/**
 * The trainer's operator-state entry: a {@link DelayedFeedbackTrainer.Capture} taken in the
 * synchronous snapshot phase, encoded only when {@link CapturedTrainerSerializer} writes it in the
 * asynchronous phase; or, after a restore, the checkpoint's bytes.
 */
final class CapturedTrainer {
    private DelayedFeedbackTrainer.Capture capture;
    private byte[] bytes;

    CapturedTrainer(DelayedFeedbackTrainer.Capture capture) {
        this.capture = capture;
    }

    CapturedTrainer(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The checkpoint bytes, encoded on first use (a checkpoint's writer thread, or a restore). */
    synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = capture.encode();
            capture = null;
        }
        return bytes;
    }
}
