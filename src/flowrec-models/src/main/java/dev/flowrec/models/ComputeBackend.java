package dev.flowrec.models;

import org.nd4j.linalg.factory.Nd4j;

/** Describes the ND4J backend in use (CPU or CUDA, and threads), for reports and logs. */
public final class ComputeBackend {
    private ComputeBackend() {}

    /** E.g. "CpuBackend, OMP threads 1". */
    public static String describe() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "default");
        return backend + ", OMP threads " + threads;
    }

    /** "CPU" or "CUDA". */
    public static String kind() {
        return Nd4j.getBackend()
                        .getClass()
                        .getSimpleName()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("cuda")
                ? "CUDA"
                : "CPU";
    }
}
