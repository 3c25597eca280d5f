package dev.flowrec.cli.demo;

import dev.flowrec.bench.report.AucChart;
import dev.flowrec.bench.report.Machine;
import dev.flowrec.bench.report.MarkdownTable;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.events.CellMetrics;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.publish.SnapshotManifests;
import dev.flowrec.serving.SnapshotSubscriber;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Writes the demo's report folder: results.json (the shape every report shares: benchmark,
 * started_at, machine, dataset, models), summary.md and two PNG plots. The Bayes-optimal ceiling
 * appears only for a data set that knows its true probabilities.
 */
final class DemoReport {
    private final ReportFolder folder;
    private final Instant startedAt;
    private final Machine machine;
    private final FlowRecConfig config;
    private final DemoDataset replayed;
    private final List<Timeline.Point> points;
    private final StreamProducer producer;
    private final ProbeSet probe;
    private final Map<String, Long> deadLetters;
    private final Map<String, Map<String, Long>> deadLettersByCase;
    private final List<JobRestarts.Failure> failures;
    private final SnapshotSubscriber subscriber;

    DemoReport(
            Path dir,
            Instant startedAt,
            Machine machine,
            FlowRecConfig config,
            DemoDataset replayed,
            Timeline timeline,
            StreamProducer producer,
            ProbeSet probe,
            DeadLetterCounter deadLetters,
            List<JobRestarts.Failure> failures,
            SnapshotSubscriber subscriber) {
        this.folder = new ReportFolder(dir);
        this.startedAt = startedAt;
        this.machine = machine;
        this.config = config;
        this.replayed = replayed;
        this.points = timeline.points();
        this.producer = producer;
        this.probe = probe;
        this.deadLetters = deadLetters.counts();
        this.deadLettersByCase = deadLetters.countsByCase();
        this.failures = List.copyOf(failures);
        this.subscriber = subscriber;
    }

    void write() throws IOException {
        SnapshotManifest last = points.isEmpty() ? null : points.get(points.size() - 1).manifest();
        EvaluationReport bayes = producer.bayesOptimal().report();
        folder.writeResults(results(last, bayes));
        folder.writeSummary(summary(last, bayes));
        writeAucChart(bayes);
        writeTrainedChart();
    }

    private double trainedPerSecond() {
        Timeline.Point first =
                points.stream().filter(p -> p.examplesTrained() > 0).findFirst().orElse(null);
        Timeline.Point last = points.isEmpty() ? null : points.get(points.size() - 1);
        return first == null || first == last
                ? Double.NaN
                : Timeline.rate(first, last, first.examplesTrained(), last.examplesTrained());
    }

    /**
     * AutoIFS's flow selection as the newest snapshot's manifest reports it: per cell, the share of
     * recent instances keeping each flow. Empty for models without flows.
     */
    private static String flowKeepSection(SnapshotManifest last) {
        if (last == null) {
            return "";
        }
        Map<String, String> provenance = last.getProvenance();
        List<String> header = new ArrayList<>(List.of("cell"));
        FlowSelectionReport.FLOWS.forEach(f -> header.add(f + " kept"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        boolean any = false;
        for (CellMetrics c : last.getMetrics()) {
            List<Object> row = new ArrayList<>(List.of(c.getCell()));
            for (String flow : FlowSelectionReport.FLOWS) {
                String share = provenance.get(SnapshotManifests.flowKeepKey(c.getCell(), flow));
                any |= share != null;
                row.add(share == null ? Double.NaN : Double.parseDouble(share));
            }
            table.row(row.toArray());
        }
        if (!any) {
            return "";
        }
        return "## AutoIFS: information flows kept (newest snapshot)\n\n"
                + table.render()
                + "\n"
                + "Share of each cell's most recent scored instances whose gate kept the flow (soft"
                + " gates count as kept while σ(τw) ≤ 0.5, i.e. w ≤ 0; the search ends after"
                + " model.autoifs.search-examples examples, then the gates are hard and"
                + " frozen).\n\n";
    }

    private Map<String, Object> results(SnapshotManifest last, EvaluationReport bayes) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "demo");
        r.put("started_at", startedAt.toString());
        r.put("machine", machine);
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", replayed.stream().name());
        dataset.put("impressions", producer.impressionsSent.get());
        dataset.put("feedback", producer.feedbackSent.get());
        dataset.put(
                "protocol",
                "prequential (test-then-train) on the live stream; labels by the join with each"
                        + " task's labels.policy");
        r.put("dataset", dataset);
        Map<String, Object> model = new LinkedHashMap<>();
        String type =
                last == null
                        ? config.toMap()
                                .getOrDefault(
                                        ModelOptions.TYPE.key(),
                                        ModelOptions.TYPE.defaultValue().orElseThrow().value())
                        : last.getModelType();
        model.put(
                "params",
                Map.of(
                        "trainable",
                        last == null
                                ? 0
                                : Long.parseLong(
                                        last.getProvenance()
                                                .getOrDefault("model.parameters", "0"))));
        model.put("train_examples_per_s", nanToNull(trainedPerSecond()));
        model.put("examples_trained", last == null ? 0 : last.getExamplesTrained());
        Map<String, Object> asTrained = new TreeMap<>();
        if (last != null) {
            for (CellMetrics c : last.getMetrics()) {
                asTrained.put(
                        c.getCell(),
                        json(
                                "auc",
                                nanToNull(c.getAuc()),
                                "logloss",
                                nanToNull(c.getLogloss()),
                                "calibration",
                                nanToNull(c.getCalibration()),
                                "examples",
                                c.getExamples()));
            }
        }
        EvaluationReport finalView = finalView(last);
        Map<String, Object> cells = new TreeMap<>();
        finalView
                .cells()
                .forEach(
                        (cell, c) ->
                                cells.put(
                                        cell,
                                        json(
                                                "auc",
                                                nanToNull(c.auc()),
                                                "logloss",
                                                nanToNull(c.logLoss()),
                                                "calibration",
                                                nanToNull(c.calibration()),
                                                "examples",
                                                c.examples())));
        model.put(
                "view",
                "final labels (predictions joined with the labels known after the attribution"
                        + " window)");
        model.put("cells", cells);
        model.put("mean_auc", nanToNull(finalView.meanAuc()));
        model.put("cells_as_trained", asTrained);
        model.put(
                "mean_auc_as_trained",
                nanToNull(
                        last == null
                                ? Double.NaN
                                : last.getMetrics().stream()
                                        .mapToDouble(CellMetrics::getAuc)
                                        .filter(d -> !Double.isNaN(d))
                                        .average()
                                        .orElse(Double.NaN)));
        r.put("models", Map.of(type, model));
        if (hasCeiling()) {
            Map<String, Object> ceiling = new TreeMap<>();
            bayes.cells()
                    .forEach(
                            (cell, c) ->
                                    ceiling.put(
                                            cell,
                                            json(
                                                    "auc",
                                                    nanToNull(c.auc()),
                                                    "logloss",
                                                    nanToNull(c.logLoss()))));
            r.put("bayes_optimal", json("cells", ceiling, "mean_auc", nanToNull(bayes.meanAuc())));
        }
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("snapshot_versions_published", last == null ? 0 : last.getVersion());
        pipeline.put("snapshot_versions_loaded_by_subscriber", subscriber.loadedCount());
        Map<String, Long> rejected = new TreeMap<>();
        for (RejectReason reason : RejectReason.values()) {
            if (subscriber.rejectedCount(reason) > 0) {
                rejected.put(reason.name(), subscriber.rejectedCount(reason));
            }
        }
        pipeline.put("snapshots_rejected", rejected);
        pipeline.put("bad_records_injected", producer.badSent.get());
        pipeline.put("dead_letters", deadLetters);
        pipeline.put("dead_letters_by_injected_case", deadLettersByCase);
        pipeline.put("job_restarts", failures.size());
        pipeline.put(
                "job_failures",
                failures.stream()
                        .map(
                                f ->
                                        json(
                                                "at",
                                                f.at().toString(),
                                                "task",
                                                f.task(),
                                                "exception",
                                                f.exception()))
                        .toList());
        r.put("pipeline", pipeline);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Timeline.Point p : points) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("seconds", Math.round(p.seconds() * 10) / 10.0);
            t.put("events", p.impressions() + p.feedback());
            t.put("examples_trained", p.examplesTrained());
            t.put("snapshot_version", p.version());
            t.put("label_lag_s", nanToNull(p.labelLagSeconds()));
            Map<String, Object> auc = new TreeMap<>();
            p.auc().forEach((k, v) -> auc.put(k, nanToNull(v)));
            t.put("auc", auc);
            timeline.add(t);
        }
        r.put("timeline", timeline);
        return r;
    }

    private String summary(SnapshotManifest last, EvaluationReport bayes) {
        StringBuilder md = new StringBuilder("# FlowRec demo report\n\n");
        md.append("Started ")
                .append(startedAt)
                .append(" on ")
                .append(machine.describe())
                .append(".\n\n");
        md.append(
                String.format(
                        java.util.Locale.ROOT,
                        "%s stream: %,d impressions and %,d feedback events produced in real time;"
                                + " %,d examples trained (%s examples/s); %d snapshot versions"
                                + " published.%n%n",
                        replayed.title(),
                        producer.impressionsSent.get(),
                        producer.feedbackSent.get(),
                        last == null ? 0 : last.getExamplesTrained(),
                        fmt(trainedPerSecond()),
                        last == null ? 0 : last.getVersion()));
        md.append("## Final-label metrics of the newest served snapshot\n\n");
        MarkdownTable finalCells = new MarkdownTable(cellHeader());
        finalView(last)
                .cells()
                .forEach(
                        (cell, c) ->
                                finalCells.row(
                                        cellRow(
                                                cell,
                                                c.examples(),
                                                c.auc(),
                                                c.logLoss(),
                                                c.calibration(),
                                                bayes)));
        md.append(finalCells.render())
                .append(
                        "\n"
                            + "Each impression's first prediction (scored before it was trained on)"
                            + " against the label known once its attribution window closed: the"
                            + " view to compare models and label policies on, as it is not biased"
                            + " by fake negatives. It lags the stream by the attribution"
                            + " window.\n\n");
        md.append(
                "## As-trained metrics (prequential, against the labels as the join emitted"
                        + " them)\n\n");
        MarkdownTable cells = new MarkdownTable(cellHeader());
        if (last != null) {
            for (CellMetrics c : last.getMetrics()) {
                cells.row(
                        cellRow(
                                c.getCell(),
                                c.getExamples(),
                                c.getAuc(),
                                c.getLogloss(),
                                c.getCalibration(),
                                bayes));
            }
        }
        md.append(cells.render());
        if (hasCeiling()) {
            md.append(
                    "\n"
                        + "The Bayes-optimal AUC scores every impression with its true probability:"
                        + " the ceiling no model can pass. It covers every impression produced, the"
                        + " model's AUC every example trained through the newest snapshot.\n\n");
        } else {
            md.append('\n');
        }
        md.append(flowKeepSection(last));
        md.append("## Serving: the subscriber's probe set, scored at every new version\n\n");
        List<String> tasks = replayed.description().space().tasks();
        List<String> probeHeader = new ArrayList<>(List.of("version"));
        tasks.forEach(task -> probeHeader.add("mean P(" + task + ")"));
        probeHeader.add("mean abs. change vs previous");
        MarkdownTable probes = new MarkdownTable(probeHeader.toArray(String[]::new));
        for (ProbeSet.Round round : probe.rounds()) {
            List<Object> row = new ArrayList<>(List.of(round.version()));
            tasks.forEach(task -> row.add(round.meanProbability().getOrDefault(task, Double.NaN)));
            row.add(round.meanAbsoluteChange());
            probes.row(row.toArray());
        }
        md.append(probes.render()).append('\n');
        md.append("## Bad input\n\n");
        md.append(
                String.format(
                        "%d bad records were injected, each case once per round; every one should"
                                + " come back as a dead letter.%n%n",
                        producer.badSent.get()));
        MarkdownTable cases =
                new MarkdownTable("case", "what it is", "injected", "dead letters (reason)");
        for (Map.Entry<String, String> c : BadRecords.descriptions().entrySet()) {
            String name = c.getKey();
            cases.row(
                    name,
                    c.getValue(),
                    producer.badSentByCase.getOrDefault(name, 0L),
                    deadLettersByCase.getOrDefault(name, Map.of()).toString());
        }
        md.append(cases.render()).append('\n');
        MarkdownTable dl = new MarkdownTable("dead-letter reason", "records");
        deadLetters.forEach(dl::row);
        md.append("All dead letters, injected or from the stream itself:\n\n")
                .append(dl.render())
                .append('\n');
        md.append("## Restarts\n\n");
        if (failures.isEmpty()) {
            md.append("The job never failed or restarted.\n\n");
        } else {
            md.append(String.format("The job failed and restarted %d times.%n%n", failures.size()));
            MarkdownTable restarts = new MarkdownTable("at", "task", "exception");
            failures.forEach(f -> restarts.row(f.at(), f.task(), f.exception()));
            md.append(restarts.render()).append('\n');
        }
        md.append(
                "## Plots\n\n"
                        + "![online AUC over time](auc_over_time.png)\n\n"
                        + "![examples trained](examples_trained.png)\n");
        return md.toString();
    }

    /** Whether the stream knew its true probabilities, so the report can show the ceiling. */
    private boolean hasCeiling() {
        return replayed.description().knowsTrueProbabilities();
    }

    private String[] cellHeader() {
        List<String> header =
                new ArrayList<>(List.of("cell", "examples", "AUC", "logloss", "calibration"));
        if (hasCeiling()) {
            header.add("Bayes-optimal AUC");
        }
        return header.toArray(String[]::new);
    }

    private Object[] cellRow(
            String cell,
            long examples,
            double auc,
            double logloss,
            double calibration,
            EvaluationReport bayes) {
        List<Object> row = new ArrayList<>(List.of(cell, examples, auc, logloss, calibration));
        if (hasCeiling()) {
            CellReport b = bayes.cells().get(cell);
            row.add(b == null ? Double.NaN : b.auc());
        }
        return row.toArray();
    }

    private static EvaluationReport finalView(SnapshotManifest last) {
        return last == null
                ? new EvaluationReport(Map.of())
                : SnapshotManifests.fromProvenance(
                        SnapshotManifests.FINAL_LABELS, last.getProvenance());
    }

    private void writeAucChart(EvaluationReport bayes) throws IOException {
        List<Double> seconds = new ArrayList<>();
        Map<String, List<Double>> auc = new TreeMap<>();
        for (Timeline.Point p : points) {
            if (p.manifest() == null) {
                continue;
            }
            seconds.add(p.seconds());
            p.auc().forEach((cell, v) -> auc.computeIfAbsent(cell, k -> new ArrayList<>()).add(v));
        }
        Map<String, Double> ceiling = new TreeMap<>();
        if (hasCeiling()) {
            bayes.cells().forEach((cell, c) -> ceiling.put(cell, c.auc()));
        }
        if (!seconds.isEmpty()) {
            AucChart.write(
                    folder.file("auc_over_time.png"),
                    "Online AUC per scenario x task"
                            + (hasCeiling() ? " (dashed: Bayes-optimal)" : ""),
                    seconds,
                    auc,
                    ceiling);
        }
    }

    private void writeTrainedChart() throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(450)
                        .title("Examples trained and events produced")
                        .xAxisTitle("seconds since start")
                        .yAxisTitle("count")
                        .build();
        double[] x = points.stream().mapToDouble(Timeline.Point::seconds).toArray();
        if (x.length == 0) {
            return;
        }
        chart.addSeries(
                "events produced",
                x,
                points.stream().mapToDouble(p -> p.impressions() + p.feedback()).toArray());
        chart.addSeries(
                "examples trained (served snapshot)",
                x,
                points.stream().mapToDouble(Timeline.Point::examplesTrained).toArray());
        BitmapEncoder.saveBitmap(
                chart,
                folder.file("examples_trained.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    /** A JSON object from key, value pairs; values may be null (Map.of refuses them). */
    private static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static Object nanToNull(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%,.0f", v);
    }
}
