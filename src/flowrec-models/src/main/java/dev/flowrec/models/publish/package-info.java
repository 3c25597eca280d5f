/**
 * What the trainer publishes about a model version: {@link
 * dev.flowrec.models.publish.SnapshotManifests} fills a manifest's identity, lineage, data
 * position, online metrics and provenance (all {@code model.*} and {@code labels.*} options, the
 * parameter count, runtime versions, AutoIFS flow-keep shares). Pure: the Flink trainer only calls it.
 */
package dev.flowrec.models.publish;
