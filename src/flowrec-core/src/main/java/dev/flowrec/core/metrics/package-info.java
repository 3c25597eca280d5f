/**
 * Online (prequential) evaluation in fixed memory: {@link dev.flowrec.core.metrics.OnlineEvaluator}
 * keeps one {@link dev.flowrec.core.metrics.CellMetrics} per scenario x task cell (counts, log
 * loss, calibration and a {@link dev.flowrec.core.metrics.BinnedAuc}) and renders an {@link
 * dev.flowrec.core.metrics.EvaluationReport}. Every metric implements {@link
 * dev.flowrec.core.metrics.OnlineMetric}: bounded state, mergeable, copyable. {@link
 * dev.flowrec.core.metrics.FinalLabelEvaluator} joins first predictions with final labels into a
 * cumulative evaluator and a {@link dev.flowrec.core.metrics.FinalLabelWindow} of each cell's most
 * recent ones, which the snapshot quality gate judges.
 *
 * <p>Traps: the AUC is exact only up to ties within a logit bin (see {@code BinnedAuc}); loss
 * weights are ignored on purpose (a weight above 0 only marks a label as present); and comparisons
 * between models or delayed-label policies must use an evaluator fed with final labels, not the
 * labels as trained, which contain fake negatives. A window's sums are fixed point on purpose (see
 * {@code CellWindow}): doubles would drift as examples come and go. Serialized state ({@code
 * toBytes}) is versioned; bump {@code OnlineEvaluator.FORMAT_VERSION} and keep reading the old
 * version when the layout changes, because checkpoints outlive builds.
 */
package dev.flowrec.core.metrics;
