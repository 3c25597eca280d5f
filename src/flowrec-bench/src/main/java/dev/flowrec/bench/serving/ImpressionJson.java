package dev.flowrec.bench.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.events.Impression;
import java.util.LinkedHashMap;
import java.util.Map;

/** An impression as the body of {@code POST /score} (the single form of README.md). */
final class ImpressionJson {
    private ImpressionJson() {}

    static String of(Impression impression) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenario", impression.getScenario().toString());
        body.put("user_id", impression.getUserId().toString());
        body.put("item_id", impression.getItemId().toString());
        Map<String, String> categorical = new LinkedHashMap<>();
        impression.getCategorical().forEach((k, v) -> categorical.put(k.toString(), v.toString()));
        body.put("categorical", categorical);
        Map<String, Double> numeric = new LinkedHashMap<>();
        impression.getNumeric().forEach((k, v) -> numeric.put(k.toString(), v));
        body.put("numeric", numeric);
        return ReportFolder.JSON.writeValueAsString(body);
    }
}
