package dev.flowrec.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    private static final QualityGate AT_LEAST_06 = new QualityGate(0.6);

    private static CellReport auc(double auc) {
        return new CellReport(100, 10, auc, 0.3, 1.0);
    }

    /** A cell that has seen only negatives: no AUC yet. */
    private static final CellReport NO_POSITIVE_YET =
            new CellReport(40, 0, Double.NaN, 0.1, Double.NaN);

    private static EvaluationReport report(Object... cellsAndReports) {
        Map<String, CellReport> cells = new LinkedHashMap<>();
        for (int i = 0; i < cellsAndReports.length; i += 2) {
            cells.put((String) cellsAndReports[i], (CellReport) cellsAndReports[i + 1]);
        }
        return new EvaluationReport(cells);
    }

    @Test
    void passesAMeanAtOrAboveTheThresholdAndHoldsBackOneBelow() {
        assertThat(
                        AT_LEAST_06.reasonToHoldBack(
                                report("feed/click", auc(0.7), "feed/conversion", auc(0.5))))
                .as("mean 0.6")
                .isNull();
        assertThat(
                        AT_LEAST_06.reasonToHoldBack(
                                report("feed/click", auc(0.65), "feed/conversion", auc(0.5))))
                .contains("mean online AUC 0.5750 over 2 cells is below 0.6");
    }

    @Test
    void aCellWithNoAucYetIsLeftOutOfTheMean() {
        assertThat(
                        AT_LEAST_06.reasonToHoldBack(
                                report("feed/click", auc(0.7), "feed/conversion", NO_POSITIVE_YET)))
                .as("judged on feed/click alone")
                .isNull();
    }

    @Test
    void holdsBackWhenNoCellHasAnAucYet() {
        assertThat(AT_LEAST_06.reasonToHoldBack(report("feed/click", NO_POSITIVE_YET)))
                .contains("no cell has seen both classes yet");
        assertThat(AT_LEAST_06.reasonToHoldBack(new EvaluationReport(Map.of())))
                .contains("no cell has seen both classes yet");
    }

    @Test
    void aNanAucNeverPassesAnEnabledGate() {
        QualityGate lowest = new QualityGate(Double.MIN_VALUE);
        EvaluationReport nanScores =
                report("feed/click", auc(0.9), "feed/conversion", auc(Double.NaN));
        assertThat(lowest.reasonToHoldBack(nanScores))
                .as("whatever the other cells say and however low the threshold")
                .isEqualTo("online AUC of cell feed/conversion is NaN after 100 examples");
        assertThat(AT_LEAST_06.reasonToHoldBack(nanScores)).isNotNull();
    }

    @Test
    void theDisabledGateLetsEveryVersionThroughEvenWithoutMetrics() {
        assertThat(QualityGate.DISABLED.isEnabled()).isFalse();
        assertThat(QualityGate.DISABLED.reasonToHoldBack(report("feed/click", auc(Double.NaN))))
                .isNull();
        assertThat(QualityGate.DISABLED.reasonToHoldBack(report("feed/click", NO_POSITIVE_YET)))
                .isNull();
        assertThat(QualityGate.DISABLED.reasonToHoldBack(report("feed/click", auc(0.1)))).isNull();
    }

    @Test
    void readsTheThresholdFromTheOptionsDisabledByDefault() {
        assertThat(QualityGate.from(FlowRecConfig.of(Map.of()))).isEqualTo(QualityGate.DISABLED);
        assertThat(QualityGate.from(FlowRecConfig.of(Map.of("snapshots.min-mean-auc", "0.55"))))
                .isEqualTo(new QualityGate(0.55));
    }

    @Test
    void rejectsAThresholdOutsideZeroToOne() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new QualityGate(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(bad));
        }
    }
}
