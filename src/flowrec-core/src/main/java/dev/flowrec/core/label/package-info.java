/**
 * Label-join rules: which training examples an impression and its delayed feedback produce, and
 * when ({@link dev.flowrec.core.label.LabelJoin}; per task the emission policy in {@link
 * dev.flowrec.core.label.LabelPolicies}, what each policy emits in {@code EmissionPlan}, windows in
 * {@link dev.flowrec.core.label.LabelWindows}). The Flink operator in flink-jobs only stores the
 * {@code JoinState}, registers the returned timers and forwards the output. Traps: timers at equal
 * timestamps collapse into one callback, so {@code onTimer} handles everything due up to its time;
 * emitted steps are remembered by name in the state, which is what makes a timer firing again after
 * a restore harmless; {@code FINAL} examples are for evaluation and the delay model only. {@link
 * dev.flowrec.core.label.InProcessJoin} drives the same rules in one process with a perfect
 * watermark, for benchmarks and replays that need no Flink.
 */
package dev.flowrec.core.label;
