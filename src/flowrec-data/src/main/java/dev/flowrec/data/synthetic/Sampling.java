package dev.flowrec.data.synthetic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random draws built only on {@link SplittableRandom#nextDouble()} and friends, whose algorithm is
 * fixed, so a seed gives the same stream on every JVM. (The JDK's own Gaussian for {@code
 * RandomGenerator} is an implementation detail that may change between releases.)
 */
final class Sampling {
    private Sampling() {}

    /** Standard normal, Box-Muller; one of the pair is discarded to keep the code stateless. */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble(); // in (0, 1], so the log is finite
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
    }

    /** Log-normal with the given median and shape. */
    static double logNormal(SplittableRandom random, double median, double sigma) {
        return median * Math.exp(sigma * gaussian(random));
    }

    /** Exponential with the given mean. */
    static double exponential(SplittableRandom random, double mean) {
        return -mean * Math.log(1.0 - random.nextDouble());
    }

    static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    /** A fixed discrete distribution over 0..n-1, drawn by binary search of the cumulative sums. */
    static final class Discrete {
        private final double[] cumulative;

        Discrete(double[] weights) {
            cumulative = new double[weights.length];
            double sum = 0.0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i];
                cumulative[i] = sum;
            }
        }

        /**
         * Zipf-like popularity, weight {@code 1 / rank^exponent}, with ranks shuffled over the ids
         * so that popularity is unrelated to the id's number.
         */
        static Discrete zipf(int n, double exponent, SplittableRandom random) {
            int[] rank = new int[n];
            for (int i = 0; i < n; i++) {
                rank[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int tmp = rank[i];
                rank[i] = rank[j];
                rank[j] = tmp;
            }
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                weights[i] = Math.pow(rank[i] + 1.0, -exponent);
            }
            return new Discrete(weights);
        }

        int sample(SplittableRandom random) {
            double target = random.nextDouble() * cumulative[cumulative.length - 1];
            int i = Arrays.binarySearch(cumulative, target);
            // Not found gives -(insertion point) - 1: the first cumulative sum above the target.
            int index = i >= 0 ? i + 1 : -i - 1;
            return Math.min(index, cumulative.length - 1);
        }
    }
}
