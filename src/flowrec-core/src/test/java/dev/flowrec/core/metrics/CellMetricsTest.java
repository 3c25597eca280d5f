package dev.flowrec.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class CellMetricsTest extends OnlineMetricContractTest<CellMetrics> {

    @Override
    CellMetrics newMetric() {
        return new CellMetrics();
    }

    @Override
    CellMetrics roundTrip(CellMetrics metric) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        metric.writeTo(new DataOutputStream(bytes));
        return CellMetrics.readFrom(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Override
    void assertEquivalent(CellMetrics actual, CellMetrics expected) {
        CellReport a = actual.report();
        CellReport e = expected.report();
        assertThat(a.examples()).isEqualTo(e.examples());
        assertThat(a.positives()).isEqualTo(e.positives());
        assertSameOrBothNaN(a.auc(), e.auc(), 0.0);
        assertSameOrBothNaN(a.logLoss(), e.logLoss(), 1e-12);
        assertSameOrBothNaN(a.calibration(), e.calibration(), 1e-12);
        assertSameOrBothNaN(actual.meanPrediction(), expected.meanPrediction(), 1e-12);
    }

    private static void assertSameOrBothNaN(double actual, double expected, double tolerance) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(tolerance));
        }
    }

    @Test
    void logLossAndCalibrationMatchTheirDefinitions() {
        CellMetrics cell = new CellMetrics();
        cell.add(0.8, 1);
        cell.add(0.4, 0);
        cell.add(0.1, 0);
        cell.add(0.3, 1);

        double expectedLogLoss =
                -(Math.log(0.8) + Math.log(0.6) + Math.log(0.9) + Math.log(0.3)) / 4;
        assertThat(cell.logLoss()).isCloseTo(expectedLogLoss, within(1e-12));
        assertThat(cell.meanPrediction()).isCloseTo(0.4, within(1e-12));
        // Mean prediction 0.4 over mean label 0.5.
        assertThat(cell.calibration()).isCloseTo(0.8, within(1e-12));
        assertThat(cell.report())
                .isEqualTo(new CellReport(4, 2, 0.75, cell.logLoss(), cell.calibration()));
        assertThat(cell.report().positiveRate()).isEqualTo(0.5);
    }

    @Test
    void logLossClipsCertainMistakes() {
        CellMetrics cell = new CellMetrics();
        cell.add(0.0, 1);
        cell.add(1.0, 0);
        double perMistake = -Math.log(CellMetrics.LOG_LOSS_EPSILON);
        assertThat(cell.logLoss()).isFinite().isCloseTo(perMistake, within(1e-9));
        assertThat(perMistake).isCloseTo(16.118, within(1e-3));

        CellMetrics confident = new CellMetrics();
        confident.add(1.0, 1);
        confident.add(0.0, 0);
        assertThat(confident.logLoss()).isCloseTo(CellMetrics.LOG_LOSS_EPSILON, within(1e-12));
    }

    @Test
    void undefinedFiguresAreNaN() {
        CellMetrics empty = new CellMetrics();
        assertThat(empty.report())
                .satisfies(
                        r -> {
                            assertThat(r.examples()).isZero();
                            assertThat(r.auc()).isNaN();
                            assertThat(r.logLoss()).isNaN();
                            assertThat(r.calibration()).isNaN();
                            assertThat(r.positiveRate()).isNaN();
                            assertThat(r.hasBothClasses()).isFalse();
                        });

        CellMetrics negativesOnly = new CellMetrics();
        negativesOnly.add(0.2, 0);
        assertThat(negativesOnly.calibration()).isNaN();
        assertThat(negativesOnly.auc()).isNaN();
        assertThat(negativesOnly.logLoss()).isCloseTo(-Math.log(0.8), within(1e-12));
    }
}
