package dev.flowrec.bench.report;

import java.util.Arrays;

/** Nearest-rank percentiles of measured values. */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code p}-th percentile (0–100) of values sorted ascending; NaN when there are none. */
    public static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** A sorted copy. */
    public static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
