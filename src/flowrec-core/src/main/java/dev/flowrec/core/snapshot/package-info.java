/**
 * Snapshots: how a trained model travels from the trainer to serving over the snapshot topic, as
 * one manifest plus chunks, each chunk below Kafka's 1 MB default record limit because a model
 * artifact is tens of MB. Pure Java; no Kafka, Flink or DL4J.
 *
 * <ul>
 *   <li>{@link dev.flowrec.core.snapshot.SnapshotPublisher}: when the trainer's model becomes a new
 *       version ({@link dev.flowrec.core.snapshot.PublishSchedule}, {@link
 *       dev.flowrec.core.snapshot.QualityGate}, which judges the final-label window and explains a
 *       withheld version in {@link dev.flowrec.core.snapshot.GateFinding}s), its lineage, and its
 *       records; it reads the model through {@link dev.flowrec.core.snapshot.SnapshotSource} and
 *       keeps across restarts only a {@link dev.flowrec.core.snapshot.PublisherState}.
 *   <li>{@link dev.flowrec.core.snapshot.SnapshotWriter}: artifact bytes and a manifest template to
 *       the records of one version, manifest first (so it is authenticated before any chunk is
 *       buffered), then chunks, hashed and signed.
 *   <li>{@link dev.flowrec.core.snapshot.SnapshotAssembler}: records in any order back to verified
 *       snapshots or rejections with a {@link dev.flowrec.core.snapshot.RejectReason}, in bounded
 *       memory that chunks of forged versions cannot take from a genuine one.
 *   <li>{@link dev.flowrec.core.snapshot.SnapshotCodec}: the bytes on the topic (Avro single-object
 *       encoding) and the canonical manifest bytes the signature covers; {@link
 *       dev.flowrec.core.snapshot.SnapshotSigner} (the job, private key) and {@link
 *       dev.flowrec.core.snapshot.SnapshotVerifier} (subscribers, public keys by key id): Ed25519
 *       over them; {@link dev.flowrec.core.snapshot.SnapshotKeys}: key files; {@link
 *       dev.flowrec.core.snapshot.SigningKeyLocation}: where the job reads its key.
 *   <li>{@link dev.flowrec.core.snapshot.SnapshotFormat}: the snapshot format version and artifact
 *       format names; {@link dev.flowrec.core.snapshot.PredictionTransform}: what serving applies
 *       to a model output per task.
 * </ul>
 *
 * <p>Traps: the signature covers canonical bytes that depend on the manifest schema, so a schema
 * change is a snapshot format version change (see {@link
 * dev.flowrec.core.snapshot.SnapshotCodec#canonicalManifestBytes}). Consumers must read with {@code
 * isolation.level=read_committed}: the publisher writes transactionally, and an aborted attempt's
 * chunks would otherwise mix with the retried version's (first copy of a chunk wins). Records on
 * the topic share a key (the model id), so the topic must not be compacted.
 */
package dev.flowrec.core.snapshot;
