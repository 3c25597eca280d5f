package dev.flowrec.bench.speed;

import dev.flowrec.bench.report.Machine;
import java.util.Map;

/**
 * B4's results.json (record components are written in snake case): the run's header, ND4J's GEMM
 * throughput in the same run, and per model what was measured.
 *
 * @param dataset name and the batches timed
 * @param models per model, in the order measured
 * @param memoryPeak the process's memory at the end
 */
public record SpeedResults(
        String benchmark,
        String startedAt,
        Machine machine,
        Map<String, String> dataset,
        double gemmFlopsPerS,
        Map<String, ModelSpeed> models,
        ProcessMemory memoryPeak) {

    /**
     * One model's figures.
     *
     * @param scoreExamplesPerS per batch size ("1", "64", "1024"), scored examples/s
     * @param trainGemmShare 3 x forward FLOPs x training examples/s over the GEMM throughput
     */
    public record ModelSpeed(
            long params,
            long forwardFlopsPerExample,
            double trainExamplesPerS,
            double trainGemmShare,
            Map<String, Double> scoreExamplesPerS,
            Latency singleRequestMs,
            ProcessMemory memoryAfter) {}

    /** Single-request scoring latency in milliseconds. */
    public record Latency(double p50, double p99) {}
}
