package dev.flowrec.core.snapshot;

import dev.flowrec.events.SnapshotManifest;
import java.util.Objects;

/**
 * A complete snapshot whose chunks, artifact and (when a key is configured) signature verified
 * against its manifest.
 *
 * @param manifest the manifest as received, signature included
 * @param artifact the assembled artifact; kept by reference (tens of MB), callers must not modify
 *     it
 */
public record VerifiedSnapshot(SnapshotManifest manifest, byte[] artifact)
        implements AssemblyResult {

    public VerifiedSnapshot {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public String modelId() {
        return manifest.getModelId();
    }

    @Override
    public String lineageId() {
        return manifest.getLineageId();
    }

    @Override
    public long version() {
        return manifest.getVersion();
    }

    /** Its lineage and version, which order it among the model's snapshots. */
    public LineagePosition position() {
        return LineagePosition.of(manifest);
    }

    @Override
    public String toString() {
        return "VerifiedSnapshot["
                + modelId()
                + " "
                + position()
                + ", "
                + artifact.length
                + " bytes]";
    }
}
