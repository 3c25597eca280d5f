package dev.flowrec.core.snapshot;

/**
 * Why a snapshot version was not loaded. Serving counts rejections per reason, so these names are
 * metric labels: add new ones, never rename.
 */
public enum RejectReason {
    /** A record could not be decoded, or a manifest or chunk contradicts itself. */
    MALFORMED,
    /** A chunk's SHA-256 differs from the manifest's entry, or its index is out of range. */
    CORRUPT_CHUNK,
    /** Every chunk verified but the assembled artifact's size or SHA-256 differs. */
    HASH_MISMATCH,
    /** Public keys are configured and the manifest carries no signature. */
    UNSIGNED,
    /** Public keys are configured and the manifest's signature does not verify with its key. */
    BAD_SIGNATURE,
    /**
     * The snapshot cannot be served here: an unknown snapshot format version, artifact format,
     * model type or prediction transform, a feature-spec hash other than the expected one, or a
     * task list without every task this subscriber must score; also an artifact that does not hold
     * the model its manifest describes.
     */
    INCOMPATIBLE,
    /** The version is not newer than the newest one already verified. */
    STALE_VERSION,
    /** The artifact exceeds the configured size limit. */
    TOO_LARGE,
    /** Evicted by the memory caps before its manifest and every chunk had arrived. */
    INCOMPLETE,
    /** Verified, but the model library could not load the artifact (serving only). */
    LOAD_FAILED,
    /**
     * Public keys are configured and the manifest is signed, but names no key id or one that none
     * of them has: a rotated key not yet given to this subscriber, or a forger's key.
     */
    UNKNOWN_KEY
}
