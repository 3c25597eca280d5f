package dev.flowrec.models.inference;

import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS's thread count, which is one setting for the whole process. A scoring server runs one
 * thread per call: requests already run in parallel, one per core, and a multi-threaded OpenBLAS
 * would make concurrent calls wait for its one thread pool. A trainer keeps the default (all
 * cores), so this is called by servers and benchmarks, never by the models.
 */
public final class BlasThreads {
    private BlasThreads() {}

    /** Sets how many threads each OpenBLAS call may use. */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        openblas.blas_set_num_threads(threads);
    }

    /** How many threads each OpenBLAS call may use now. */
    public static int current() {
        return openblas.blas_get_num_threads();
    }
}
