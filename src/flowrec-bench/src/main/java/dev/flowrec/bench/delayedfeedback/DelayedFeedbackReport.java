package dev.flowrec.bench.delayedfeedback;

import static dev.flowrec.bench.delayedfeedback.DelayedFeedbackBenchmark.gapRecovered;
import static dev.flowrec.bench.delayedfeedback.DelayedFeedbackBenchmark.percent;
import static dev.flowrec.bench.delayedfeedback.DelayedFeedbackBenchmark.taskMean;

import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.metrics.CellReport;
import java.awt.Color;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Writes one B3 report folder: results.json, summary.md and bar charts of the final-label figures.
 */
final class DelayedFeedbackReport {
    private final DelayedStream dataset;
    private final FlowRecConfig config;
    private final int impressions;
    private final Instant started;
    private final Map<LabelMethod, MethodRun.Outcome> outcomes;

    DelayedFeedbackReport(
            DelayedStream dataset,
            FlowRecConfig config,
            int impressions,
            Instant started,
            Map<LabelMethod, MethodRun.Outcome> outcomes) {
        this.dataset = dataset;
        this.config = config;
        this.impressions = impressions;
        this.started = started;
        this.outcomes = outcomes;
    }

    void write(ReportFolder folder) throws IOException {
        folder.writeResults(results());
        folder.writeSummary(summary());
        for (String task : dataset.space().tasks()) {
            chart(folder, task, "AUC", CellReport::auc);
            chart(folder, task, "logloss", CellReport::logLoss);
        }
    }

    private MethodRun.Outcome reference(LabelMethod m) {
        return outcomes.get(m);
    }

    /**
     * Below this the vanilla-to-oracle gap is within one seed's noise and its shares mean nothing.
     */
    private static final double SMALLEST_GAP = 0.002;

    private double gap(LabelMethod m, String task, ToDoubleFunction<CellReport> f) {
        MethodRun.Outcome oracle = reference(LabelMethod.ORACLE);
        MethodRun.Outcome vanilla = reference(LabelMethod.VANILLA);
        if (oracle == null
                || vanilla == null
                || Math.abs(
                                taskMean(oracle.finalLabels(), task, f)
                                        - taskMean(vanilla.finalLabels(), task, f))
                        < SMALLEST_GAP) {
            return Double.NaN;
        }
        return gapRecovered(
                taskMean(outcomes.get(m).finalLabels(), task, f),
                taskMean(vanilla.finalLabels(), task, f),
                taskMean(oracle.finalLabels(), task, f));
    }

    private DelayedFeedbackResults results() {
        Map<String, DelayedFeedbackResults.Windows> windows = new LinkedHashMap<>();
        for (int t = 0; t < dataset.space().taskCount(); t++) {
            windows.put(
                    dataset.space().tasks().get(t),
                    new DelayedFeedbackResults.Windows(
                            dataset.windows().observationMillis(t),
                            dataset.windows().attributionMillis(t)));
        }
        Map<String, DelayedFeedbackResults.MethodResult> methods = new LinkedHashMap<>();
        outcomes.forEach(
                (m, o) -> {
                    Map<String, Map<String, Double>> gaps = new LinkedHashMap<>();
                    for (String task : dataset.space().tasks()) {
                        Map<String, Double> g = new LinkedHashMap<>();
                        g.put("auc", SavedOutcome.orNull(gap(m, task, CellReport::auc)));
                        g.put("logloss", SavedOutcome.orNull(gap(m, task, CellReport::logLoss)));
                        gaps.put(task, g);
                    }
                    SavedOutcome saved = SavedOutcome.of(o);
                    methods.put(
                            m.name(),
                            new DelayedFeedbackResults.MethodResult(
                                    saved.cells(),
                                    saved.examplesTrained(),
                                    saved.seconds(),
                                    saved.meanLiveJoinKeys(),
                                    saved.peakLiveJoinKeys(),
                                    m.isOracle() ? "oracle" : m.policy().value(),
                                    m.correction().value(),
                                    o.finalLabels().meanAuc(),
                                    o.examplesTrained() / o.seconds(),
                                    gaps));
                });
        return new DelayedFeedbackResults(
                "B3",
                started.toString(),
                Machine.current(),
                new DelayedFeedbackResults.Dataset(
                        dataset.name(),
                        impressions,
                        dataset.protocol()
                                + "; each block of "
                                + MethodRun.BLOCK
                                + " impressions scored at impression time by the current model,"
                                + " then joined and trained on; first 10% not scored; final labels"
                                + " are the truth"),
                windows,
                config.effective("model."),
                methods);
    }

    private String summary() {
        StringBuilder md =
                new StringBuilder("# B3: delayed-label policies, ")
                        .append(dataset.name())
                        .append("\n\n");
        md.append("Started ")
                .append(started)
                .append(" on ")
                .append(Machine.current().describe())
                .append(".\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Command: `./flowrec bench b3 --impressions %d` (both datasets; one "
                                + "seed).%n%n",
                        impressions));
        md.append(
                String.format(
                        Locale.ROOT,
                        "Stream: %s; %,d impressions. ",
                        dataset.protocol(),
                        impressions));
        md.append(
                "Driven in one process: the label join's pure rules (in event-time order, a perfect"
                        + " watermark) and the trainer with each method's correction; no Kafka, no"
                        + " Flink. Every block of "
                        + MethodRun.BLOCK
                        + " impressions is scored by the model as it stands when they arrive (what"
                        + " serving would answer), against the impressions' true final labels, then"
                        + " joined and trained on; the first 10% are not scored. The oracle trains"
                        + " on final labels at impression time. Shared-Bottom (embedding 8, hidden"
                        + " 64-32, towers 16; batch and Adam learning rate as in results.json); the"
                        + " ES-DFM/DEFER delay model is a softmax regression on the same stream's"
                        + " final labels. FNC is scored through its serving transform p ="
                        + " q/(1-q).\n\n");
        md.append("Windows: ");
        for (int t = 0; t < dataset.space().taskCount(); t++) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%s C=%s W=%s; ",
                            dataset.space().tasks().get(t),
                            java.time.Duration.ofMillis(dataset.windows().observationMillis(t)),
                            java.time.Duration.ofMillis(dataset.windows().attributionMillis(t))));
        }
        md.append("\n\n## Final-label figures (mean over scenarios)\n\n");
        List<String> header = new ArrayList<>(List.of("method"));
        for (String task : dataset.space().tasks()) {
            header.addAll(List.of(task + " AUC", task + " logloss", task + " calibration"));
        }
        header.addAll(List.of("examples trained", "seconds", "join keys (mean, 2nd half)"));
        MarkdownTable figures = new MarkdownTable(header.toArray(String[]::new));
        outcomes.forEach(
                (m, o) -> {
                    List<Object> row = new ArrayList<>(List.of(m.name()));
                    for (String task : dataset.space().tasks()) {
                        row.add(taskMean(o.finalLabels(), task, CellReport::auc));
                        row.add(taskMean(o.finalLabels(), task, CellReport::logLoss));
                        row.add(taskMean(o.finalLabels(), task, CellReport::calibration));
                    }
                    row.add(o.examplesTrained());
                    row.add(String.format(Locale.ROOT, "%.0f", o.seconds()));
                    row.add(String.format(Locale.ROOT, "%.0f", o.meanLiveJoinKeys()));
                    figures.row(row.toArray());
                });
        md.append(figures.render());
        md.append("\n## Share of the vanilla → oracle gap recovered\n\n");
        List<String> gapHeader = new ArrayList<>(List.of("method"));
        for (String task : dataset.space().tasks()) {
            gapHeader.addAll(List.of(task + " AUC gap", task + " logloss gap"));
        }
        MarkdownTable gaps = new MarkdownTable(gapHeader.toArray(String[]::new));
        outcomes.keySet()
                .forEach(
                        m -> {
                            List<Object> row = new ArrayList<>(List.of(m.name()));
                            for (String task : dataset.space().tasks()) {
                                row.add(percent(gap(m, task, CellReport::auc)));
                                row.add(percent(gap(m, task, CellReport::logLoss)));
                            }
                            gaps.row(row.toArray());
                        });
        md.append(gaps.render());
        md.append(
                "\n"
                    + "0% is vanilla, 100% the oracle; a negative share is worse than vanilla,"
                    + " above 100% better than the oracle (noise, or more training steps). n/a: the"
                    + " vanilla-to-oracle gap is under "
                        + SMALLEST_GAP
                        + ", within one seed's noise, so no share is meaningful.\n\n");
        for (String task : dataset.space().tasks()) {
            md.append(
                    String.format(
                            "![%1$s AUC](%1$s_auc.png) ![%1$s logloss](%1$s_logloss.png)%n%n",
                            task));
        }
        return md.toString();
    }

    private void chart(
            ReportFolder folder, String task, String figure, ToDoubleFunction<CellReport> f)
            throws IOException {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(1000)
                        .height(500)
                        .title(
                                "B3 "
                                        + dataset.name()
                                        + ": final-label "
                                        + figure
                                        + " of "
                                        + task
                                        + " (mean over scenarios)")
                        .xAxisTitle("method")
                        .yAxisTitle(figure)
                        .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        outcomes.forEach(
                (m, o) -> {
                    names.add(m.name());
                    double v = taskMean(o.finalLabels(), task, f);
                    values.add(Double.isNaN(v) ? 0.0 : v);
                });
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double pad = Math.max((max - min) * 0.2, 1e-3);
        chart.getStyler().setYAxisMin(Math.max(0, min - pad));
        chart.getStyler().setYAxisMax(max + pad);
        chart.addSeries(figure, names, values);
        BitmapEncoder.saveBitmap(
                chart,
                folder.file(task + "_" + figure.toLowerCase(Locale.ROOT) + ".png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
