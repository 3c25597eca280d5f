package dev.flowrec.bench.speed;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.ProductRates;
import java.util.Map;

/**
 * B4's results.json (record components are written in snake case): the run's header, ND4J's square
 * GEMM throughput and OpenBLAS's rate on every layer shape in the same run, per model what was
 * measured, and PyTorch's AutoIFS in the same run.
 *
 * @param dataset name and the batches timed
 * @param gemmFlopsPerS ND4J's {@code 1024×1024} multiply into a 'c'-ordered result, for reference
 * @param gemmShapes OpenBLAS's seconds per product at the training batch, by {@code in x out}
 *     shape, over every model measured
 * @param models per model, in the order measured
 * @param pytorch AutoIFS in PyTorch on the same machine, or why not
 * @param memoryPeak the process's memory at the end
 */
// Figures a run did not measure are left out rather than written as null, so a report written
// before they existed (B1 embeds B4's) reads and writes back unchanged.
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpeedResults(
        String benchmark,
        String startedAt,
        Machine machine,
        Map<String, String> dataset,
        double gemmFlopsPerS,
        Map<String, ProductRates.ShapeRate> gemmShapes,
        Map<String, ModelSpeed> models,
        PyTorchSpeed pytorch,
        ProcessMemory memoryPeak) {

    /**
     * One model's figures.
     *
     * @param scoreExamplesPerS per batch size ("1", "64", "1024"), scored examples/s
     * @param trainGemmShare 3 x forward FLOPs x training examples/s over the square GEMM throughput
     * @param trainLimitExamplesPerS training examples/s if the step took only its matrix products
     *     (forward, weight and input gradient of every layer shape) at their measured rates
     * @param trainLimitShare training examples/s over that limit
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelSpeed(
            long params,
            long forwardFlopsPerExample,
            double trainExamplesPerS,
            double trainGemmShare,
            Double trainLimitExamplesPerS,
            Double trainLimitShare,
            Map<String, Double> scoreExamplesPerS,
            Latency singleRequestMs,
            ProcessMemory memoryAfter) {}

    /** Single-request scoring latency in milliseconds. */
    public record Latency(double p50, double p99) {}

    /**
     * AutoIFS trained in PyTorch on one thread ({@link PyTorchReference}).
     *
     * @param measured whether PyTorch ran; when not, {@code detail} says why
     * @param detail torch version, threads and BLAS library, or why PyTorch is absent
     * @param examplesPerS per phase, under B4's model names ({@code autoifs}, {@code
     *     autoifs-retrain})
     */
    public record PyTorchSpeed(boolean measured, String detail, Map<String, Double> examplesPerS) {
        static PyTorchSpeed absent(String why) {
            return new PyTorchSpeed(false, why, Map.of());
        }

        /** PyTorch's examples/s for a B4 model, or null. */
        Double rate(String model) {
            return examplesPerS == null ? null : examplesPerS.get(model);
        }
    }
}
