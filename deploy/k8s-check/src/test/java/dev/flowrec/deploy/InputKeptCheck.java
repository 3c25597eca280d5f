package dev.flowrec.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether every field of a manifest comes back, with its value, when its typed object is written
 * out again. The written tree may hold more (defaults the types fill in); it must not hold less.
 */
final class InputKeptCheck {
    private InputKeptCheck() {}

    /** The first input field that did not come back, described; null if all did. */
    static String firstLost(JsonNode input, JsonNode written, String path) {
        if (input.isObject()) {
            if (!written.isObject()) {
                return path + " was an object and came back as " + written.getNodeType();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path + "/" + field.getKey();
                JsonNode back = written.get(field.getKey());
                if (back == null || back.isMissingNode()) {
                    if (field.getValue().isNull()) {
                        continue;
                    }
                    return at + " was dropped by its type";
                }
                String lost = firstLost(field.getValue(), back, at);
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        if (input.isArray()) {
            if (!written.isArray() || written.size() != input.size()) {
                return path + " was a list of " + input.size() + " and came back as " + written;
            }
            for (int i = 0; i < input.size(); i++) {
                String lost = firstLost(input.get(i), written.get(i), path + "/" + i);
                if (lost != null) {
                    return lost;
                }
            }
            return null;
        }
        return sameScalar(input, written)
                ? null
                : path + " was " + input + " and came back as " + written;
    }

    // Types may turn 1 into "1" (a Kubernetes quantity) or 1 into 1.0 (a Flink CPU count): the
    // same value in another form is kept, a different value is not.
    private static boolean sameScalar(JsonNode input, JsonNode written) {
        if (input.equals(written) || input.asText().equals(written.asText())) {
            return true;
        }
        try {
            return new BigDecimal(input.asText()).compareTo(new BigDecimal(written.asText())) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
