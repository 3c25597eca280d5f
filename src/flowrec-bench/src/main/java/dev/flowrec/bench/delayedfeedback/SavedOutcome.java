package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished method's outcome as B3 keeps it in JSON (a file per method, which a rerun reads back,
 * and each method's entry in results.json). JSON has no NaN: a NaN figure is written as null and
 * read back as NaN.
 *
 * @param cells per "scenario/task", the final-label figures
 */
record SavedOutcome(
        Map<String, Cell> cells,
        long examplesTrained,
        double seconds,
        double meanLiveJoinKeys,
        long peakLiveJoinKeys) {

    /** One cell's final-label figures. */
    record Cell(long examples, long positives, Double auc, Double logloss, Double calibration) {
        static Cell of(CellReport c) {
            return new Cell(
                    c.examples(),
                    c.positives(),
                    orNull(c.auc()),
                    orNull(c.logLoss()),
                    orNull(c.calibration()));
        }

        CellReport report() {
            return new CellReport(
                    examples, positives, orNaN(auc), orNaN(logloss), orNaN(calibration));
        }
    }

    static SavedOutcome of(MethodRun.Outcome o) {
        Map<String, Cell> cells = new TreeMap<>();
        o.finalLabels().cells().forEach((cell, c) -> cells.put(cell, Cell.of(c)));
        return new SavedOutcome(
                cells,
                o.examplesTrained(),
                o.seconds(),
                o.meanLiveJoinKeys(),
                o.peakLiveJoinKeys());
    }

    MethodRun.Outcome outcome() {
        Map<String, CellReport> reports = new TreeMap<>();
        cells.forEach((cell, c) -> reports.put(cell, c.report()));
        return new MethodRun.Outcome(
                new EvaluationReport(reports),
                examplesTrained,
                seconds,
                meanLiveJoinKeys,
                peakLiveJoinKeys);
    }

    static Double orNull(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }
}
