/**
 * Online (prequential) evaluation in fixed memory: {@link dev.flowrec.core.metrics.OnlineEvaluator}
 * keeps one {@link dev.flowrec.core.metrics.CellMetrics} per scenario x task cell (counts, log
 * loss, calibration and a {@link dev.flowrec.core.metrics.BinnedAuc}) and renders an {@link
 * dev.flowrec.core.metrics.EvaluationReport}. Every metric implements {@link
 * dev.flowrec.core.metrics.OnlineMetric}: bounded state, mergeable, copyable.
 *
 * <p>Traps: the AUC is exact only up to ties within a logit bin (see {@code BinnedAuc}); loss
 * weights are ignored on purpose (a weight above 0 only marks a label as present); and comparisons
 * between models or delayed-label policies must use an evaluator fed with final labels, not the
 * labels as trained, which contain fake negatives. Serialized state ({@code toBytes}) is versioned;
 * bump {@code OnlineEvaluator.FORMAT_VERSION} and keep reading the old version when the layout
 * changes, because checkpoints outlive builds.
 */
package dev.flowrec.core.metrics;
