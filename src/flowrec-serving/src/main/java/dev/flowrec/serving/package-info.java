/**
 * Serving: follow the snapshot topic, verify and load model versions off the request path, and
 * score impressions with the current one. No Flink. The HTTP server of {@code flowrec serve} is in
 * {@code dev.flowrec.serving.http}.
 *
 * <ul>
 *   <li>{@link dev.flowrec.serving.SnapshotSubscriber}, built by {@link
 *       dev.flowrec.serving.SnapshotSubscriberBuilder}: the Kafka side (plain consumer,
 *       read_committed, look-back at start, its own daemon thread; the thread's loop is the
 *       package-private {@code TopicFollower}).
 *   <li>{@link dev.flowrec.serving.Scorer} and {@link dev.flowrec.serving.Score}: per-task
 *       probabilities with the model version behind them.
 *   <li>{@link dev.flowrec.serving.LoadedModel}, {@link dev.flowrec.serving.SnapshotListener},
 *       {@link dev.flowrec.serving.ModelLoader}: what was loaded, callbacks, how artifacts load.
 *   <li>{@code SnapshotCache} (package-private): the last verified snapshots on disk, as the
 *       records that came from the topic, so they are verified again when read back.
 *   <li>{@code ModelRegistry} (package-private): assemble, verify, load, swap, history, counters;
 *       everything but Kafka, so it is unit-tested without a broker.
 * </ul>
 *
 * <p>Traps: a {@code MultiTaskModel} is not thread-safe, so {@code Scorer} serializes calls per
 * model version (batch impressions to score more per call). A rollback lasts until the next newer
 * snapshot arrives; a pin until it is released. The snapshot topic must not be compacted (every
 * record of a model shares its key).
 */
package dev.flowrec.serving;
