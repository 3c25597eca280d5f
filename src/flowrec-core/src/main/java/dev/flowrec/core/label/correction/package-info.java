/**
 * Delayed-feedback loss corrections as pure formulas: FNW, ES-DFM and DEFER importance weights (one
 * class each, with the derivation), {@link dev.flowrec.core.label.correction.CorrectionWeights}
 * choosing among them, {@link dev.flowrec.core.label.correction.BatchCorrection} applying them to a
 * batch from the model's own pre-step scores (stop-gradient), and {@link
 * dev.flowrec.core.label.correction.DelayOutcome}, what the delay model learns from a final label.
 * FNC needs no weight: it is a serving transform ({@code core.snapshot.PredictionTransform}).
 */
package dev.flowrec.core.label.correction;
