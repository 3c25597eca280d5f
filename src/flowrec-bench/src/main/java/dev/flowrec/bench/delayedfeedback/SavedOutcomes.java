package dev.flowrec.bench.delayedfeedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where B3 keeps each finished method's outcome, one JSON file per dataset and method, so that a
 * rerun skips what is done (the benchmark is resumable at method granularity).
 */
final class SavedOutcomes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    SavedOutcomes(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Optional<MethodRun.Outcome> load(LabelMethod method) throws IOException {
        Path file = dir.resolve(method.fileName());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> m = JSON.readValue(file.toFile(), Map.class);
        Map<String, CellReport> cells = new TreeMap<>();
        ((Map<?, ?>) m.get("cells")).forEach((cell, v) -> {
            Map<?, ?> c = (Map<?, ?>) v;
            cells.put((String) cell, new CellReport(number(c, "examples").longValue(), number(c, "positives").longValue(),
                    number(c, "auc").doubleValue(), number(c, "logloss").doubleValue(),
                    number(c, "calibration").doubleValue()));
        });
        return Optional.of(new MethodRun.Outcome(new EvaluationReport(cells), number(m, "examples_trained").longValue(),
                number(m, "seconds").doubleValue(), number(m, "mean_live_join_keys").doubleValue(),
                number(m, "peak_live_join_keys").longValue()));
    }

    void save(LabelMethod method, MethodRun.Outcome outcome) throws IOException {
        JSON.writeValue(dir.resolve(method.fileName()).toFile(), toJson(outcome));
    }

    static Map<String, Object> toJson(MethodRun.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> cells = new TreeMap<>();
        o.finalLabels().cells().forEach((cell, c) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("examples", c.examples());
            v.put("positives", c.positives());
            v.put("auc", jsonNumber(c.auc()));
            v.put("logloss", jsonNumber(c.logLoss()));
            v.put("calibration", jsonNumber(c.calibration()));
            cells.put(cell, v);
        });
        m.put("cells", cells);
        m.put("examples_trained", o.examplesTrained());
        m.put("seconds", o.seconds());
        m.put("mean_live_join_keys", o.meanLiveJoinKeys());
        m.put("peak_live_join_keys", o.peakLiveJoinKeys());
        return m;
    }

    /** JSON has no NaN: written as null, read back as NaN. */
    private static Object jsonNumber(double d) {
        return Double.isNaN(d) ? null : d;
    }

    private static Number number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? Double.NaN : (Number) v;
    }
}
