package dev.flowrec.models.autoifs;

/**
 * Parameter counts of an AutoIFS model (the reference defaults on MovieLens-1M give main 1,006,791,
 * gate network 661,000 and gate embedding 211,904). {@link #main()} is what the retrain optimiser
 * holds (the reference's "main model", embedding included); the gate network trains only while
 * searching; the gate embedding is a frozen copy and never trains.
 *
 * @param embedding the main embedding table
 * @param mainDense main parameters besides the embedding (shared MLP, scenario and task layers)
 * @param gateNetwork the gate MLP and its heads
 * @param gateEmbedding the gate network's (frozen) embedding table
 */
public record ParameterCounts(
        long embedding, long mainDense, long gateNetwork, long gateEmbedding) {
    public long main() {
        return embedding + mainDense;
    }

    /** Every registered parameter: what the network's flat parameter array holds. */
    public long all() {
        return main() + gateNetwork + gateEmbedding;
    }
}
