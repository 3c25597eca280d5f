/**
 * One way to describe a data set as a stream: an {@link dev.flowrec.data.stream.EventStream} yields
 * {@link dev.flowrec.data.stream.StreamEvent}s (Avro impressions with their final labels, and
 * feedback) in event-time order, and a {@link dev.flowrec.data.stream.StreamDescription} of the
 * scenarios, tasks, features and label windows a job needs. Implemented by the synthetic generator
 * and the MovieLens replay; a replayer of recorded logs implements the same interface, and the demo
 * and the streaming benchmarks then run on it unchanged.
 *
 * <p>Traps: final labels and true probabilities are for evaluation only and must never be published
 * as features; a bounded stream ends with the feedback of its last impressions, so it ends later
 * than its last impression.
 */
package dev.flowrec.data.stream;
