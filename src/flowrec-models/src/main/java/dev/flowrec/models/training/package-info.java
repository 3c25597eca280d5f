/**
 * Pure-Java online training, no Flink: {@link dev.flowrec.models.training.OnlineTrainer} buffers
 * examples into batches and, per batch, scores first, reports to a {@link
 * dev.flowrec.models.training.PredictionListener}, then trains (prequential evaluation). Its {@code
 * checkpoint()} / {@code restore(...)} pair is what a Flink operator keeps in state.
 *
 * <p>Traps: a checkpoint holds the model <em>with</em> optimiser state plus the partly filled
 * buffer; dropping either makes a restored trainer diverge from the one that never failed. Restore
 * with the same batch size to continue exactly; a different size is accepted but changes every
 * later batch boundary.
 */
package dev.flowrec.models.training;
