package dev.flowrec.bench.serving;

import dev.flowrec.bench.report.Machine;
import java.util.List;
import java.util.Map;

/**
 * What the serving benchmark measured, as results.json holds it. Latencies in milliseconds.
 *
 * @param blasThreadsPerCall OpenBLAS threads per call, as {@code flowrec serve} sets them
 * @param models per model type
 */
public record ServingResults(
        String benchmark,
        String startedAt,
        Machine machine,
        int blasThreadsPerCall,
        Map<String, ModelServing> models,
        String httpNote) {

    /**
     * One model type through a real subscriber and server.
     *
     * @param engine how its inference computes
     * @param single one impression per call through the {@code Scorer}, one thread
     * @param batch batch scoring through the {@code Scorer}, one thread
     * @param threads one impression per call through the {@code Scorer} from 1, 2, ... threads
     * @param swaps new versions published while scoring
     * @param http POST /score through the HTTP server, loaded by wrk; empty without wrk
     */
    public record ModelServing(
            String engine,
            long parameters,
            long forwardFlopsPerExample,
            Latency single,
            Batch batch,
            List<Scaling> threads,
            Swaps swaps,
            List<Http> http) {}

    public record Latency(
            long calls,
            double callsPerSecond,
            double p50,
            double p90,
            double p99,
            double p999,
            long errors) {}

    /**
     * @param limitExamplesPerSecond what the forward pass's matrix products alone allow, measured
     *     on their own shapes in the same run
     * @param shareOfLimit examples/s ÷ that limit
     * @param gemmGflops the products' FLOP rate, as measured for the limit
     * @param flopShare forward FLOPs per example × examples/s ÷ that FLOP rate
     */
    public record Batch(
            int size,
            double examplesPerSecond,
            double limitExamplesPerSecond,
            double shareOfLimit,
            double gemmGflops,
            double flopShare) {}

    public record Scaling(
            int threads,
            double callsPerSecond,
            double speedup,
            double p50,
            double p99,
            long errors) {}

    /**
     * @param p50 milliseconds from a manifest's arrival to the first request answered by it
     * @param scoringErrors failed requests of the threads scoring throughout
     */
    public record Swaps(
            int published,
            int timed,
            double p50,
            double p99,
            double max,
            long scored,
            long scoringErrors) {}

    public record Http(
            String load,
            int threads,
            int connections,
            double requestsPerSecond,
            double p50,
            double p75,
            double p90,
            double p99,
            long requests,
            long errors) {}
}
