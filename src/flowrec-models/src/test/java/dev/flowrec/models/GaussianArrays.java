package dev.flowrec.models;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded standard-normal test matrices, in ND4J's default data type. */
public final class GaussianArrays {
    private GaussianArrays() {}

    public static INDArray of(int rows, int columns, long seed) {
        Random random = new Random(seed);
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return Nd4j.create(values);
    }
}
