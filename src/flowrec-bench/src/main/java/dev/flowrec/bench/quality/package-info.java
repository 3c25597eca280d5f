/**
 * Benchmark B1, model quality offline: {@link dev.flowrec.bench.quality.QualityBenchmark} trains
 * every model on MovieLens-1M with the AutoIFS paper protocol ({@link
 * dev.flowrec.bench.quality.PaperSplit}, settings in {@link
 * dev.flowrec.bench.quality.QualityModels}) or M3oE on its own sequential split ({@code
 * M3oeSequentialRun}), with early stopping, and writes test AUC and logloss per scenario x task
 * next to the reference figures. Traps: the reference figures are constants copied from the
 * reference runs, so they stay in the report even when a model has not run yet; the report is
 * rewritten after each model, so a partial run leaves a readable one.
 */
package dev.flowrec.bench.quality;
