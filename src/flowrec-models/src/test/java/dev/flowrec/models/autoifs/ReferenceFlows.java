package dev.flowrec.models.autoifs;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward pass of the authors' AutoIFS code (scenario layer, task layer, four flows, flow
 * selection) written out as plain loops in double precision, per example, independent of {@link
 * FlowSelectionLayer}: the oracle the layer is compared against. Parameter shapes as in {@link
 * FlowMath}; gate scores per example {@code [4M]} in gate order, task-major.
 */
final class ReferenceFlows {
    private final double[][] ws;
    private final double[] bs;
    private final double[][] as;
    private final double[][] bsLow;
    private final double[][] cs;
    private final double[] wt;
    private final double bt;
    private final double[][] at;
    private final double[] btLow;
    private final double[] ct;
    private final int rank;

    ReferenceFlows(Map<String, INDArray> p, int rank) {
        this.ws = p.get("Ws").toDoubleMatrix();
        this.bs = p.get("bs").toDoubleMatrix()[0];
        this.as = p.get("As").toDoubleMatrix();
        this.bsLow = p.get("Bs").toDoubleMatrix();
        this.cs = p.get("cs").toDoubleMatrix();
        double[][] wtColumn = p.get("Wt").toDoubleMatrix();
        this.wt = new double[wtColumn.length];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = wtColumn[i][0];
        }
        this.bt = p.get("bt").getDouble(0, 0);
        this.at = p.get("At").toDoubleMatrix();
        this.btLow = p.get("Bt").toDoubleMatrix()[0];
        this.ct = p.get("ct").toDoubleMatrix()[0];
        this.rank = rank;
    }

    /**
     * The parts of one example: index 0 s_sh, 1 s_sp (vectors); use {@link #logits} for the output.
     */
    double[][] scenarioParts(double[] z, int scenario) {
        int h = bs.length;
        double[] shared = new double[h];
        double[] specific = new double[h];
        for (int o = 0; o < h; o++) {
            double sum = bs[o];
            for (int i = 0; i < z.length; i++) {
                sum += z[i] * ws[i][o];
            }
            shared[o] = sum;
            double low = cs[scenario][o];
            for (int j = 0; j < rank; j++) {
                double a = 0;
                for (int i = 0; i < z.length; i++) {
                    a += z[i] * as[i][scenario * rank + j];
                }
                low += a * bsLow[scenario * rank + j][o];
            }
            specific[o] = low;
        }
        return new double[][] {shared, specific};
    }

    double taskShared(double[] x) {
        double sum = bt;
        for (int o = 0; o < x.length; o++) {
            sum += wt[o] * x[o];
        }
        return sum;
    }

    double taskSpecific(double[] x, int task) {
        double sum = ct[task];
        for (int j = 0; j < rank; j++) {
            double a = 0;
            for (int o = 0; o < x.length; o++) {
                a += x[o] * at[o][task * rank + j];
            }
            sum += a * btLow[task * rank + j];
        }
        return sum;
    }

    /** Flows of one task in gate order [sh,sh ; k,m ; sh,m ; k,sh], then the full path last. */
    double[] flows(double[] z, int scenario, int task) {
        double[][] parts = scenarioParts(z, scenario);
        double[] s = new double[parts[0].length];
        for (int o = 0; o < s.length; o++) {
            s[o] = Math.max(0, parts[0][o] + parts[1][o]);
        }
        return new double[] {
            taskShared(parts[0]),
            taskSpecific(parts[1], task),
            taskSpecific(parts[0], task),
            taskShared(parts[1]),
            taskShared(s) + taskSpecific(s, task)
        };
    }

    /** logit^m = h_full − Σ_j g_j h_j with g = σ(τw) (soft) or 1[w > 0] (hard). */
    double[] logits(double[] z, int scenario, double[] gateScores, double tau, boolean hard) {
        int tasks = gateScores.length / 4;
        double[] out = new double[tasks];
        for (int m = 0; m < tasks; m++) {
            double[] f = flows(z, scenario, m);
            double logit = f[4];
            for (int j = 0; j < 4; j++) {
                double w = gateScores[4 * m + j];
                double g = hard ? (w > 0 ? 1 : 0) : 1 / (1 + Math.exp(-tau * w));
                logit -= g * f[j];
            }
            out[m] = logit;
        }
        return out;
    }
}
