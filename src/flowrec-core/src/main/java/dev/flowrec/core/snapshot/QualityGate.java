package dev.flowrec.core.snapshot;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a model version may ship, judged on the final-label window ({@code FinalLabelWindow}):
 * per scenario x task cell, the figures of its most recent predictions whose final label is known.
 * A window rather than the cumulative figures, because those move ever more slowly as they grow and
 * would let a model that went bad an hour ago ship on the strength of its past; final labels rather
 * than the labels as trained, because those hold fake negatives.
 *
 * <p>A cell is judged when a bound applies to it (its AUC floor is above 0, or the log-loss ceiling
 * or calibration band is set) and its window holds at least {@code minExamples} examples of both
 * classes. A judged cell fails when its AUC is below its floor ({@code cellMinAuc} overriding
 * {@code minAuc}), its log loss is above {@code maxLogLoss}, or its calibration (mean prediction /
 * positive rate) lies outside [1/(1+b), 1+b] for b = {@code calibrationBand}.
 *
 * <ul>
 *   <li>While bounds are set but no cell they apply to has enough final labels, the version is
 *       withheld ({@link GateCheck#NO_EVIDENCE}): there is nothing to judge it on. The first
 *       version of a lineage is no exception, since a model that has never been measured is exactly
 *       the one the gate must not wave through. A cell that lacks evidence while others have it is
 *       left out, so a rare task does not block the rest.
 *   <li>A NaN or infinite figure in any cell withholds the version whatever is set ({@link
 *       GateCheck#NON_FINITE}). The model's parameters are not the gate's to check: the trainer's
 *       divergence guard rolls back a model with a non-finite loss or parameter before the
 *       publisher sees it.
 * </ul>
 *
 * @param minAuc AUC floor of every cell; 0 for none
 * @param cellMinAuc AUC floors of single cells by cell key, overriding {@code minAuc}
 * @param maxLogLoss log-loss ceiling in nats; infinity for none
 * @param calibrationBand b of the calibration band; infinity for none
 * @param minExamples examples a cell's window must hold, of both classes, to be judged
 */
public record QualityGate(
        double minAuc,
        Map<String, Double> cellMinAuc,
        double maxLogLoss,
        double calibrationBand,
        int minExamples) {

    /** No bound set: only a non-finite figure withholds a version. */
    public static final QualityGate NO_BOUNDS =
            new QualityGate(
                    0.0,
                    Map.of(),
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    SnapshotOptions.GATE_MIN_EXAMPLES.defaultValue().orElseThrow());

    public QualityGate {
        cellMinAuc = Map.copyOf(cellMinAuc);
        boolean floorsValid =
                isAuc(minAuc) && cellMinAuc.values().stream().allMatch(QualityGate::isAuc);
        if (!floorsValid || !(maxLogLoss > 0) || !(calibrationBand > 0) || minExamples < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "AUC floors must be in [0, 1], the log-loss ceiling and calibration"
                                    + " band above 0 and minExamples at least 1; got minAuc=%s"
                                    + " cellMinAuc=%s maxLogLoss=%s calibrationBand=%s"
                                    + " minExamples=%d",
                            minAuc, cellMinAuc, maxLogLoss, calibrationBand, minExamples));
        }
    }

    private static boolean isAuc(double floor) {
        return floor >= 0.0 && floor <= 1.0;
    }

    /**
     * The gate of the {@code snapshots.gate.*} options.
     *
     * @throws ConfigException naming the key, when a per-cell floor names a cell that {@code
     *     labels.scenarios} and {@code labels.tasks} do not make, or more examples are set to be
     *     required than the window is set to hold
     */
    public static QualityGate from(FlowRecConfig config) {
        ScenarioTaskSpace space =
                new ScenarioTaskSpace(
                        config.get(LabelOptions.SCENARIOS), config.get(LabelOptions.TASKS));
        Map<String, Double> cells =
                config.getOptional(SnapshotOptions.GATE_MIN_AUC_PER_CELL).orElse(Map.of());
        for (String cell : cells.keySet()) {
            if (!space.cellKeys().contains(cell)) {
                throw new ConfigException(
                        String.format(
                                "Invalid value '%s' for configuration key '%s': '%s' is not a"
                                        + " cell of '%s' x '%s' (cells: %s)",
                                SnapshotOptions.GATE_MIN_AUC_PER_CELL.format(cells),
                                SnapshotOptions.GATE_MIN_AUC_PER_CELL.key(),
                                cell,
                                LabelOptions.SCENARIOS.key(),
                                LabelOptions.TASKS.key(),
                                space.cellKeys()));
            }
        }
        int minExamples = config.get(SnapshotOptions.GATE_MIN_EXAMPLES);
        int window = config.get(SnapshotOptions.GATE_WINDOW_EXAMPLES);
        if (minExamples > window) {
            if (config.contains(SnapshotOptions.GATE_MIN_EXAMPLES)) {
                throw new ConfigException(
                        String.format(
                                "Configuration key '%s' (%d) exceeds '%s' (%d): no cell's window"
                                        + " could ever hold enough examples to be judged",
                                SnapshotOptions.GATE_MIN_EXAMPLES.key(),
                                minExamples,
                                SnapshotOptions.GATE_WINDOW_EXAMPLES.key(),
                                window));
            }
            // Only the default is in the way of a window set smaller: it yields.
            minExamples = window;
        }
        return new QualityGate(
                config.getOptional(SnapshotOptions.GATE_MIN_AUC).orElse(0.0),
                cells,
                config.getOptional(SnapshotOptions.GATE_MAX_LOGLOSS)
                        .orElse(Double.POSITIVE_INFINITY),
                config.getOptional(SnapshotOptions.GATE_CALIBRATION_BAND)
                        .orElse(Double.POSITIVE_INFINITY),
                minExamples);
    }

    /** This gate with an AUC floor for every cell. */
    public QualityGate withMinAuc(double floor) {
        return new QualityGate(floor, cellMinAuc, maxLogLoss, calibrationBand, minExamples);
    }

    /** This gate with an AUC floor for one cell, overriding {@link #minAuc()} there. */
    public QualityGate withMinAuc(String cell, double floor) {
        Map<String, Double> cells = new HashMap<>(cellMinAuc);
        cells.put(cell, floor);
        return new QualityGate(minAuc, cells, maxLogLoss, calibrationBand, minExamples);
    }

    public QualityGate withMaxLogLoss(double ceiling) {
        return new QualityGate(minAuc, cellMinAuc, ceiling, calibrationBand, minExamples);
    }

    public QualityGate withCalibrationBand(double band) {
        return new QualityGate(minAuc, cellMinAuc, maxLogLoss, band, minExamples);
    }

    public QualityGate withMinExamples(int examples) {
        return new QualityGate(minAuc, cellMinAuc, maxLogLoss, calibrationBand, examples);
    }

    /** The AUC floor of one cell. */
    public double minAuc(String cell) {
        return cellMinAuc.getOrDefault(cell, minAuc);
    }

    /**
     * Why a version with this final-label window must be withheld.
     *
     * @return every failed check, in cell order; empty when the version may ship
     */
    public List<GateFinding> judge(EvaluationReport window) {
        List<GateFinding> findings = new ArrayList<>();
        window.cells().forEach((cell, r) -> findings.addAll(nonFinite(cell, r)));
        if (!hasBounds()) {
            return findings;
        }
        List<String> bounded = window.cells().keySet().stream().filter(this::isBounded).toList();
        List<String> judged = bounded.stream().filter(c -> hasEvidence(window.cell(c))).toList();
        if (judged.isEmpty()) {
            findings.add(noEvidence(window, bounded));
        }
        for (String cell : judged) {
            findings.addAll(brokenBounds(cell, window.cell(cell)));
        }
        return findings;
    }

    /** Whether any bound is set, so that a version needs evidence to pass. */
    public boolean hasBounds() {
        return minAuc > 0.0
                || cellMinAuc.values().stream().anyMatch(floor -> floor > 0.0)
                || maxLogLoss != Double.POSITIVE_INFINITY
                || calibrationBand != Double.POSITIVE_INFINITY;
    }

    private boolean isBounded(String cell) {
        return minAuc(cell) > 0.0
                || maxLogLoss != Double.POSITIVE_INFINITY
                || calibrationBand != Double.POSITIVE_INFINITY;
    }

    private boolean hasEvidence(CellReport r) {
        return r.examples() >= minExamples && r.hasBothClasses();
    }

    private static List<GateFinding> nonFinite(String cell, CellReport r) {
        List<GateFinding> out = new ArrayList<>();
        // Each figure only where it is defined: an empty window has no log loss, and so on.
        if (r.examples() > 0 && !Double.isFinite(r.logLoss())) {
            out.add(finding(GateCheck.NON_FINITE, cell, "logloss", r.logLoss(), Double.NaN, r));
        }
        if (r.hasBothClasses() && !Double.isFinite(r.auc())) {
            out.add(finding(GateCheck.NON_FINITE, cell, "auc", r.auc(), Double.NaN, r));
        }
        if (r.positives() > 0 && !Double.isFinite(r.calibration())) {
            out.add(
                    finding(
                            GateCheck.NON_FINITE,
                            cell,
                            "calibration",
                            r.calibration(),
                            Double.NaN,
                            r));
        }
        return out;
    }

    private GateFinding noEvidence(EvaluationReport window, List<String> bounded) {
        String fullest =
                bounded.stream()
                        .max(
                                Comparator.comparing((String c) -> window.cell(c).hasBothClasses())
                                        .thenComparingLong(c -> window.cell(c).examples()))
                        .orElse("");
        long examples = fullest.isEmpty() ? 0 : window.cell(fullest).examples();
        return new GateFinding(
                GateCheck.NO_EVIDENCE, fullest, "examples", examples, minExamples, examples);
    }

    /** The bounds a judged cell breaks; figures that are not finite were reported already. */
    private List<GateFinding> brokenBounds(String cell, CellReport r) {
        List<GateFinding> out = new ArrayList<>();
        double floor = minAuc(cell);
        if (Double.isFinite(r.auc()) && r.auc() < floor) {
            out.add(finding(GateCheck.AUC_FLOOR, cell, "auc", r.auc(), floor, r));
        }
        if (Double.isFinite(r.logLoss()) && r.logLoss() > maxLogLoss) {
            out.add(
                    finding(
                            GateCheck.LOGLOSS_CEILING,
                            cell,
                            "logloss",
                            r.logLoss(),
                            maxLogLoss,
                            r));
        }
        double low = 1.0 / (1.0 + calibrationBand);
        double high = 1.0 + calibrationBand;
        double calibration = r.calibration();
        if (Double.isFinite(calibration) && (calibration < low || calibration > high)) {
            double broken = calibration < low ? low : high;
            out.add(finding(GateCheck.CALIBRATION, cell, "calibration", calibration, broken, r));
        }
        return out;
    }

    private static GateFinding finding(
            GateCheck check,
            String cell,
            String figure,
            double measured,
            double bound,
            CellReport r) {
        return new GateFinding(check, cell, figure, measured, bound, r.examples());
    }
}
