/**
 * What the trainer publishes about a model version: {@link
 * dev.flowrec.models.publish.SnapshotManifests} fills a manifest's identity, online metrics and
 * provenance (all {@code model.*} and {@code labels.*} options, the parameter count, runtime
 * versions, AutoIFS flow-keep shares, the final-label view); {@link
 * dev.flowrec.models.publish.TrainerSnapshotSource} shows a {@link
 * dev.flowrec.models.delay.DelayedFeedbackTrainer}'s model to the core's {@link
 * dev.flowrec.core.snapshot.SnapshotPublisher}, which decides when to publish and sets the lineage.
 * Pure: the Flink trainer only calls them.
 */
package dev.flowrec.models.publish;
