package dev.flowrec.bench.report;

import dev.flowrec.models.ComputeBackend;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a report was measured on: every report is headed by it (benchmark.md). */
public record Machine(int cores, double memoryGib, String java, String os, String nd4jBackend, String threads) {

    public static Machine current() {
        double memory = Double.NaN;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize() / (double) (1L << 30);
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), Math.round(memory * 10) / 10.0,
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                ComputeBackend.kind(), System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memory_gib", memoryGib);
        m.put("java", java);
        m.put("os", os);
        m.put("nd4j_backend", nd4jBackend);
        m.put("threads", threads);
        return m;
    }

    public String describe() {
        return cores + " cores, " + memoryGib + " GiB, Java " + java + ", " + os + ", ND4J " + nd4jBackend
                + " (OMP threads " + threads + ")";
    }
}
