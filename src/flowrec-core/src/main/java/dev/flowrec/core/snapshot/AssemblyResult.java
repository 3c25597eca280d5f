package dev.flowrec.core.snapshot;

/**
 * What {@link SnapshotAssembler#accept} reports for a snapshot version: either it is complete and
 * verified ({@link VerifiedSnapshot}) or it will never be loaded ({@link SnapshotRejection}).
 */
public sealed interface AssemblyResult permits VerifiedSnapshot, SnapshotRejection {

    /** The model id the result is about. */
    String modelId();

    /** The lineage of the version the result is about. */
    String lineageId();

    /** The version the result is about. */
    long version();
}
