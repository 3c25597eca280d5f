package dev.flowrec.bench.speed;

import dev.flowrec.bench.report.MarkdownTable;
import java.util.Locale;
import java.util.Map;

/**
 * B4's per-model speed table, from the {@code models} map B4 writes to results.json; B1's report
 * shows the same table read back from that file. Values are read as {@link Number}s, which both the
 * in-memory map and the parsed JSON hold.
 */
public final class SpeedTable {
    private SpeedTable() {}

    public static MarkdownTable of(Map<String, Map<String, Object>> models) {
        Map<String, Object> autoIfs = models.get("autoifs");
        MarkdownTable table = new MarkdownTable("model", "params", "forward FLOPs/ex", "train ex/s",
                "AutoIFS (search) ÷ model", "GEMM share", "score ex/s b1", "b64", "b1024", "p50 ms", "p99 ms");
        models.forEach((name, r) -> {
            Map<?, ?> score = (Map<?, ?>) r.get("score_examples_per_s");
            Map<?, ?> latency = (Map<?, ?>) r.get("single_request_ms");
            double rate = number(r.get("train_examples_per_s"));
            table.row(name, String.format(Locale.ROOT, "%,d", (long) number(r.get("params"))),
                    String.format(Locale.ROOT, "%,d", (long) number(r.get("forward_flops_per_example"))),
                    String.format(Locale.ROOT, "%,.0f", rate),
                    autoIfs == null ? "-" : String.format(Locale.ROOT, "%.2f",
                            number(autoIfs.get("train_examples_per_s")) / rate),
                    String.format(Locale.ROOT, "%.1f%%", 100 * number(r.get("train_gemm_share"))),
                    String.format(Locale.ROOT, "%,.0f", number(score.get("1"))),
                    String.format(Locale.ROOT, "%,.0f", number(score.get("64"))),
                    String.format(Locale.ROOT, "%,.0f", number(score.get("1024"))),
                    String.format(Locale.ROOT, "%.2f", number(latency.get("p50"))),
                    String.format(Locale.ROOT, "%.2f", number(latency.get("p99"))));
        });
        return table;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
