/**
 * Benchmark B3, delayed feedback: {@link
 * dev.flowrec.bench.delayedfeedback.DelayedFeedbackBenchmark} runs each emission policy with its
 * loss correction, and an oracle, on a stream with known delays ({@code DelayedStream}: any {@link
 * dev.flowrec.data.stream.EventStream} with the label windows its delays call for). {@code
 * MethodRun} drives the join's pure rules ({@link dev.flowrec.core.label.InProcessJoin}) and the
 * trainer in one process, scoring each block of impressions before training on it, against the
 * impressions' final labels. Finished methods are kept as JSON ({@code SavedOutcomes}), so a rerun
 * skips them.
 */
package dev.flowrec.bench.delayedfeedback;
