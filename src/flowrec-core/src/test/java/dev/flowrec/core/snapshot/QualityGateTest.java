package dev.flowrec.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    /** Judges cells whose window holds at least 100 examples of both classes. */
    private static final QualityGate AT_100 = QualityGate.NO_BOUNDS.withMinExamples(100);

    /** A window of 100 examples, 10 positive, with these figures. */
    private static CellReport window(double auc, double logLoss, double calibration) {
        return new CellReport(100, 10, auc, logLoss, calibration);
    }

    private static CellReport auc(double auc) {
        return window(auc, 0.3, 1.0);
    }

    /** A window with too few examples to be judged. */
    private static final CellReport YOUNG = new CellReport(99, 10, 0.1, 5.0, 3.0);

    /** A window full of negatives: no AUC, no calibration. */
    private static final CellReport NO_POSITIVE_YET =
            new CellReport(400, 0, Double.NaN, 0.1, Double.NaN);

    private static EvaluationReport report(Object... cellsAndReports) {
        Map<String, CellReport> cells = new LinkedHashMap<>();
        for (int i = 0; i < cellsAndReports.length; i += 2) {
            cells.put((String) cellsAndReports[i], (CellReport) cellsAndReports[i + 1]);
        }
        return new EvaluationReport(cells);
    }

    @Test
    void anAucFloorPassesAtTheFloorAndFailsBelowNamingCellFigureAndBound() {
        QualityGate gate = AT_100.withMinAuc(0.6);

        assertThat(gate.judge(report("feed/click", auc(0.6), "feed/conversion", auc(0.9))))
                .isEmpty();
        assertThat(gate.judge(report("feed/click", auc(0.7), "feed/conversion", auc(0.55))))
                .containsExactly(
                        new GateFinding(
                                GateCheck.AUC_FLOOR, "feed/conversion", "auc", 0.55, 0.6, 100));
        assertThat(
                        new GateFinding(
                                        GateCheck.AUC_FLOOR,
                                        "feed/conversion",
                                        "auc",
                                        0.55,
                                        0.6,
                                        100)
                                .describe())
                .isEqualTo(
                        "feed/conversion: auc 0.5500 is below 0.6000 over the last 100 final"
                                + " labels");
    }

    @Test
    void aCellFloorOverridesTheCommonFloorAndZeroExemptsACell() {
        QualityGate gate =
                AT_100.withMinAuc(0.6)
                        .withMinAuc("feed/click", 0.75)
                        .withMinAuc("feed/conversion", 0.0);

        assertThat(gate.judge(report("feed/click", auc(0.7), "feed/conversion", auc(0.3))))
                .extracting(GateFinding::check, GateFinding::cell, GateFinding::bound)
                .containsExactly(tuple(GateCheck.AUC_FLOOR, "feed/click", 0.75));
        assertThat(gate.judge(report("feed/click", auc(0.8), "search/click", auc(0.59))))
                .as("a cell without its own floor has the common one")
                .extracting(GateFinding::cell)
                .containsExactly("search/click");
    }

    @Test
    void aLogLossCeilingPassesAtTheCeilingAndFailsAbove() {
        QualityGate gate = AT_100.withMaxLogLoss(0.5);

        assertThat(gate.judge(report("feed/click", window(0.7, 0.5, 1.0)))).isEmpty();
        assertThat(gate.judge(report("feed/click", window(0.7, 0.51, 1.0))))
                .containsExactly(
                        new GateFinding(
                                GateCheck.LOGLOSS_CEILING,
                                "feed/click",
                                "logloss",
                                0.51,
                                0.5,
                                100));
    }

    @Test
    void theCalibrationBandIsOnePlusBAboveAndItsReciprocalBelow() {
        QualityGate gate = AT_100.withCalibrationBand(0.25);

        assertThat(gate.judge(report("a/x", window(0.7, 0.3, 0.8), "b/x", window(0.7, 0.3, 1.25))))
                .as("both ends are inside")
                .isEmpty();
        assertThat(gate.judge(report("a/x", window(0.7, 0.3, 0.79), "b/x", window(0.7, 0.3, 1.3))))
                .containsExactly(
                        new GateFinding(
                                GateCheck.CALIBRATION, "a/x", "calibration", 0.79, 0.8, 100),
                        new GateFinding(
                                GateCheck.CALIBRATION, "b/x", "calibration", 1.3, 1.25, 100));
    }

    @Test
    void aCellWithoutEnoughEvidenceIsLeftOutWhileAnotherIsJudged() {
        QualityGate gate = AT_100.withMinAuc(0.6).withMaxLogLoss(1.0).withCalibrationBand(0.5);

        assertThat(
                        gate.judge(
                                report(
                                        "feed/click",
                                        auc(0.7),
                                        "feed/conversion",
                                        YOUNG,
                                        "search/conversion",
                                        NO_POSITIVE_YET)))
                .as("young and one-class windows fail every bound, but are not judged")
                .isEmpty();
    }

    @Test
    void withBoundsSetAndNoCellWithEnoughEvidenceTheVersionIsWithheld() {
        QualityGate gate = AT_100.withMinAuc(0.6);

        var findings = gate.judge(report("feed/click", YOUNG, "feed/conversion", NO_POSITIVE_YET));

        assertThat(findings)
                .containsExactly(
                        new GateFinding(
                                GateCheck.NO_EVIDENCE, "feed/click", "examples", 99, 100, 99));
        assertThat(findings.get(0).describe())
                .isEqualTo(
                        "not enough final labels yet: a judged cell needs 100 in its window, of"
                                + " both classes; the fullest, feed/click, holds 99");
        assertThat(gate.judge(new EvaluationReport(Map.of())))
                .extracting(GateFinding::check, GateFinding::cell)
                .containsExactly(tuple(GateCheck.NO_EVIDENCE, ""));
    }

    @Test
    void onlyTheCellsABoundAppliesToCountAsEvidence() {
        QualityGate gate = AT_100.withMinAuc("feed/conversion", 0.6);

        assertThat(gate.judge(report("feed/click", auc(0.2), "feed/conversion", YOUNG)))
                .as("feed/click has evidence, but no bound applies to it")
                .extracting(GateFinding::check)
                .containsExactly(GateCheck.NO_EVIDENCE);
    }

    @Test
    void aNonFiniteFigureWithholdsEvenWithoutBoundsAndEvidence() {
        EvaluationReport broken =
                report(
                        "feed/click",
                        new CellReport(3, 1, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN),
                        "feed/conversion",
                        auc(0.9));

        assertThat(QualityGate.NO_BOUNDS.judge(broken))
                .extracting(GateFinding::check, GateFinding::figure)
                .containsExactly(
                        tuple(GateCheck.NON_FINITE, "logloss"),
                        tuple(GateCheck.NON_FINITE, "auc"),
                        tuple(GateCheck.NON_FINITE, "calibration"));
        assertThat(QualityGate.NO_BOUNDS.judge(broken).get(0).describe())
                .isEqualTo("feed/click: logloss is Infinity over the last 3 final labels");
        assertThat(AT_100.withMaxLogLoss(1.0).judge(report("feed/click", auc(Double.NaN))))
                .as("reported once, as not finite, not also as a broken bound")
                .extracting(GateFinding::check)
                .containsExactly(GateCheck.NON_FINITE);
    }

    @Test
    void aFigureThatIsNotDefinedYetIsNotANonFiniteOne() {
        assertThat(
                        QualityGate.NO_BOUNDS.judge(
                                report(
                                        "feed/click",
                                        new CellReport(0, 0, Double.NaN, Double.NaN, Double.NaN),
                                        "feed/conversion",
                                        NO_POSITIVE_YET)))
                .isEmpty();
    }

    @Test
    void theGateWithoutBoundsLetsThroughEveryFiniteWindow() {
        assertThat(QualityGate.NO_BOUNDS.judge(report("feed/click", auc(0.1), "x/y", YOUNG)))
                .isEmpty();
        assertThat(QualityGate.NO_BOUNDS.judge(new EvaluationReport(Map.of()))).isEmpty();
    }

    @Test
    void readsEveryBoundFromTheOptionsWithNoneSetByDefault() {
        assertThat(QualityGate.from(FlowRecConfig.defaults())).isEqualTo(QualityGate.NO_BOUNDS);
        assertThat(QualityGate.NO_BOUNDS.minExamples()).isEqualTo(1_000);
        assertThat(
                        QualityGate.from(
                                FlowRecConfig.of(
                                        Map.of(
                                                "snapshots.gate.min-auc", "0.55",
                                                "snapshots.gate.min-auc-per-cell",
                                                        "feed/click:0.62, search/conversion:0",
                                                "snapshots.gate.max-logloss", "0.4",
                                                "snapshots.gate.calibration-band", "0.3",
                                                "snapshots.gate.min-examples", "500"))))
                .isEqualTo(
                        QualityGate.NO_BOUNDS
                                .withMinAuc(0.55)
                                .withMinAuc("feed/click", 0.62)
                                .withMinAuc("search/conversion", 0.0)
                                .withMaxLogLoss(0.4)
                                .withCalibrationBand(0.3)
                                .withMinExamples(500));
    }

    @Test
    void aCellFloorOfAnUnknownCellIsRejectedNamingTheKeyAndTheCells() {
        assertThatThrownBy(
                        () ->
                                QualityGate.from(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "snapshots.gate.min-auc-per-cell",
                                                        "feed/clicks:0.6"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'snapshots.gate.min-auc-per-cell'")
                .hasMessageContaining("'feed/clicks'")
                .hasMessageContaining("feed/click, feed/conversion");
    }

    @Test
    void moreExamplesThanTheWindowHoldsIsRejectedNamingBothKeysUnlessOnlyTheDefault() {
        assertThat(
                        QualityGate.from(
                                        FlowRecConfig.of(
                                                Map.of("snapshots.gate.window-examples", "500")))
                                .minExamples())
                .as("the default yields to a smaller window")
                .isEqualTo(500);
        assertThatThrownBy(
                        () ->
                                QualityGate.from(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "snapshots.gate.window-examples", "500",
                                                        "snapshots.gate.min-examples", "1000"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'snapshots.gate.min-examples' (1000)")
                .hasMessageContaining("'snapshots.gate.window-examples' (500)");
    }

    @Test
    void rejectsBoundsOutsideTheirRange() {
        assertThatThrownBy(() -> QualityGate.NO_BOUNDS.withMinAuc(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minAuc=1.5");
        assertThatThrownBy(() -> QualityGate.NO_BOUNDS.withMinAuc("feed/click", Double.NaN))
                .hasMessageContaining("cellMinAuc={feed/click=NaN}");
        assertThatThrownBy(() -> QualityGate.NO_BOUNDS.withMaxLogLoss(0.0))
                .hasMessageContaining("maxLogLoss=0.0");
        assertThatThrownBy(() -> QualityGate.NO_BOUNDS.withCalibrationBand(-1))
                .hasMessageContaining("calibrationBand=-1.0");
        assertThatThrownBy(() -> QualityGate.NO_BOUNDS.withMinExamples(0))
                .hasMessageContaining("minExamples=0");
    }
}
