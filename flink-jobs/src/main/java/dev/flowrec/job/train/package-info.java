/**
 * The trainer operator ({@link dev.flowrec.job.train.TrainerFunction}): prequential training with
 * {@code OnlineTrainer}, online metrics, and versioned snapshot publishing (manifest content comes
 * from {@code dev.flowrec.models.publish.SnapshotManifests}). Trap: all of its state is operator
 * state written at checkpoints only; never keep the model in keyed state (it would be serialized on
 * every element).
 */
package dev.flowrec.job.train;
