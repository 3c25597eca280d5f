package dev.flowrec.bench.serving;

import dev.flowrec.bench.report.ProductRates;

/**
 * The dense-math limit of a forward pass: the time OpenBLAS's {@code sgemm} takes for the pass's
 * matrix products alone, each at its own shape and the batch size ({@link ProductRates}). A model
 * that spent its whole time in these products would score at {@link #examplesPerSecond()}.
 *
 * @param secondsPerExample the products' time per example, summed over products
 * @param flopsPerExample the products' FLOPs per example, {@code 2·in·out} summed
 */
record DenseLimit(double secondsPerExample, double flopsPerExample) {

    /** Times every product for at least {@code minSeconds} at {@code batch} rows. */
    static DenseLimit measure(int[][] products, int batch, double minSeconds) {
        ProductRates rates = ProductRates.measure(products, batch, minSeconds, false);
        return new DenseLimit(rates.forwardSecondsPerExample(), rates.forwardFlopsPerExample());
    }

    double examplesPerSecond() {
        return 1.0 / secondsPerExample;
    }

    /** The products' FLOP rate, FLOPs per second. */
    double flopsPerSecond() {
        return flopsPerExample / secondsPerExample;
    }
}
