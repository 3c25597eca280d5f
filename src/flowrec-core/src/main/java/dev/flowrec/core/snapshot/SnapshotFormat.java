package dev.flowrec.core.snapshot;

import java.util.List;

/**
 * Constants of the snapshot format: what a manifest's {@code format_version} means and which
 * versions this build reads.
 *
 * <p>The snapshot format version covers the manifest layout, how the artifact is split into chunks,
 * how it is hashed (SHA-256 per chunk and of the whole artifact) and what the signature covers
 * ({@link SnapshotCodec#canonicalManifestBytes}). The artifact inside carries its own magic number
 * and format version (the models module's {@code ModelArtifact}); the manifest's {@code format}
 * names that artifact format so a reader can refuse it before loading.
 */
public final class SnapshotFormat {

    /** The snapshot format version this build writes. */
    public static final int CURRENT_VERSION = 1;

    /**
     * Every snapshot format version this build reads. A reader for version N must keep reading
     * every version below N that was ever released.
     */
    public static final List<Integer> SUPPORTED_VERSIONS = List.of(1);

    /**
     * The artifact format of the DL4J models: a {@code ModelSerializer} zip inside the models
     * module's self-describing artifact. Must equal {@code ModelArtifact.FORMAT} (core cannot
     * import the models module, so the name is repeated here; a flowrec-serving test checks they
     * agree).
     */
    public static final String DL4J_ZIP = "dl4j-zip";

    /** Length of every hash in a manifest. */
    public static final int SHA256_BYTES = 32;

    private SnapshotFormat() {}

    /** Whether this build can read a manifest of the given snapshot format version. */
    public static boolean isSupported(int formatVersion) {
        return SUPPORTED_VERSIONS.contains(formatVersion);
    }
}
