package dev.flowrec.bench.report;

import dev.flowrec.models.ComputeBackend;
import java.lang.management.ManagementFactory;

/**
 * The machine a report was measured on: every report is headed by it, because the machines these
 * benchmarks run on differ and are noisy, so a figure means little without its machine. Written
 * into results.json as it is, through {@link ReportFolder#JSON}.
 */
public record Machine(
        int cores, double memoryGib, String java, String os, String nd4jBackend, String threads) {

    public static Machine current() {
        double memory = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                Math.round(memory * 10) / 10.0,
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                ComputeBackend.kind(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
    }

    public String describe() {
        return cores
                + " cores, "
                + memoryGib
                + " GiB, Java "
                + java
                + ", "
                + os
                + ", ND4J "
                + nd4jBackend
                + " (OMP threads "
                + threads
                + ")";
    }
}
