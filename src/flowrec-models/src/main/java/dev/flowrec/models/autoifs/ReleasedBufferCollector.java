package dev.flowrec.models.autoifs;

/**
 * Bounds the off-heap memory of a network that runs without DL4J workspaces. Every forward or
 * backward pass then allocates its activations and gradients afresh, off the Java heap, and ND4J
 * frees them only once the garbage collector has collected their small on-heap handles; the heap
 * barely grows, so collections are rare. Training AutoIFS grew the process by about 80 KB per
 * example (5 GB after 15 steps of 4,096; a long run was killed for memory), and scoring grows it
 * too. A collection after every {@code examplesPerCollection} examples, scored or trained, keeps
 * that bounded (peak 1.75 GB in the same run).
 */
final class ReleasedBufferCollector {
    private final long examplesPerCollection;
    private long sinceCollection;

    ReleasedBufferCollector(long examplesPerCollection) {
        if (examplesPerCollection < 1) {
            throw new IllegalArgumentException("examplesPerCollection must be at least 1, got " + examplesPerCollection);
        }
        this.examplesPerCollection = examplesPerCollection;
    }

    /** Counts examples that passed through the network; returns whether this call collected. */
    boolean processed(int examples) {
        sinceCollection += examples;
        if (sinceCollection < examplesPerCollection) {
            return false;
        }
        sinceCollection = 0;
        System.gc();
        return true;
    }
}
