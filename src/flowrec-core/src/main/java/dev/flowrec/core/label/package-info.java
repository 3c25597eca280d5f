/**
 * Label-join rules: which training examples an impression and its delayed feedback produce, and
 * when ({@link dev.flowrec.core.label.LabelJoin}, windows in {@link
 * dev.flowrec.core.label.LabelWindows}). The Flink operator in flink-jobs only stores the {@code
 * JoinState}, registers the returned timers and forwards the output. Trap: timers at equal
 * timestamps collapse into one callback, so {@code onTimer} handles everything due up to its time.
 */
package dev.flowrec.core.label;
