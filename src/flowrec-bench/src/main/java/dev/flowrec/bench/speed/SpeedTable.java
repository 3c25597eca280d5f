package dev.flowrec.bench.speed;

import dev.flowrec.bench.report.MarkdownTable;
import java.util.Locale;
import java.util.Map;

/**
 * B4's per-model speed table; B1's report shows the same table read back from B4's results.json.
 */
public final class SpeedTable {
    private SpeedTable() {}

    /** The table without PyTorch's columns. */
    public static MarkdownTable of(Map<String, SpeedResults.ModelSpeed> models) {
        return of(models, null);
    }

    /** The table, with PyTorch's examples/s and FlowRec ÷ PyTorch where PyTorch ran the model. */
    public static MarkdownTable of(
            Map<String, SpeedResults.ModelSpeed> models, SpeedResults.PyTorchSpeed pytorch) {
        SpeedResults.ModelSpeed autoIfs = models.get("autoifs");
        MarkdownTable table =
                new MarkdownTable(
                        "model",
                        "params",
                        "forward FLOPs/ex",
                        "train ex/s",
                        "AutoIFS (search) ÷ model",
                        "products' limit ex/s",
                        "share of limit",
                        "PyTorch ex/s",
                        "FlowRec ÷ PyTorch",
                        "score ex/s b1",
                        "b64",
                        "b1024",
                        "p50 ms",
                        "p99 ms");
        models.forEach(
                (name, r) -> {
                    Map<String, Double> score = r.scoreExamplesPerS();
                    double rate = r.trainExamplesPerS();
                    Double torch = pytorch == null ? null : pytorch.rate(name);
                    table.row(
                            name,
                            String.format(Locale.ROOT, "%,d", r.params()),
                            String.format(Locale.ROOT, "%,d", r.forwardFlopsPerExample()),
                            String.format(Locale.ROOT, "%,.0f", rate),
                            autoIfs == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.2f",
                                            autoIfs.trainExamplesPerS() / rate),
                            format("%,.0f", r.trainLimitExamplesPerS(), 1),
                            format("%.1f%%", r.trainLimitShare(), 100),
                            format("%,.0f", torch, 1),
                            torch == null ? "-" : format("%.2f", rate / torch, 1),
                            String.format(Locale.ROOT, "%,.0f", score.get("1")),
                            String.format(Locale.ROOT, "%,.0f", score.get("64")),
                            String.format(Locale.ROOT, "%,.0f", score.get("1024")),
                            String.format(Locale.ROOT, "%.2f", r.singleRequestMs().p50()),
                            String.format(Locale.ROOT, "%.2f", r.singleRequestMs().p99()));
                });
        return table;
    }

    private static String format(String format, Double value, double scale) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value * scale);
    }
}
