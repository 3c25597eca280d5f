/**
 * Epoch training for the offline benchmarks: {@link dev.flowrec.bench.training.ResumableTraining}
 * trains with early stopping on the validation AUC and keeps each model's progress ({@link
 * dev.flowrec.bench.training.EpochHistory}, models with optimiser state) after every epoch, so a
 * stopped run continues where it was; {@link dev.flowrec.bench.training.HoldoutScores} scores a
 * held-out split. Trap: the state folder holds models with optimiser state; never commit it.
 */
package dev.flowrec.bench.training;
