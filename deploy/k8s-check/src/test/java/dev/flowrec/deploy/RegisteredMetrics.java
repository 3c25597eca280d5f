package dev.flowrec.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names of the metrics FlowRec's job and Flink register, as Flink's Prometheus
 * reporter writes them: {@code flink_<logical scope>_<user groups>_<name>}.
 *
 * <p>The job's own metrics are read from its source, not listed here, so a renamed metric fails the
 * dashboard check: every {@code counter("...")} and {@code gauge("...")} in a file that opens the
 * {@code flowrec} group, plus one {@code dead_letters_<reason>} counter per DeadLetterReason of the
 * Avro schema and one {@code snapshots_withheld_<check>} counter per constant of the quality gate's
 * GateCheck. Flink's own are the string constants of its MetricNames and checkpoint statistics.
 */
final class RegisteredMetrics {
    static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_flowrec_";
    static final String TASK_SCOPE = "flink_taskmanager_job_task_";
    static final String JOB_SCOPE = "flink_jobmanager_job_";

    // The whole name must be the literal: "snapshots_withheld_" + check is not a metric of its own.
    private static final Pattern NAMED_METRIC =
            Pattern.compile("\\.(?:counter|gauge)\\(\\s*\"([A-Za-z0-9_]+)\"\\s*[,)]");
    private static final String PER_GATE_CHECK = "\"snapshots_withheld_\" + check.metricName()";
    private static final Pattern ENUM_CONSTANT = Pattern.compile("(?m)^    ([A-Z][A-Z0-9_]*)[,;]");

    private RegisteredMetrics() {}

    /** Metric names of the flowrec group, as the job's source registers them. */
    static Set<String> jobMetrics() {
        Set<String> names = new TreeSet<>();
        boolean deadLetters = false;
        try (Stream<Path> files = Files.walk(Manifests.REPOSITORY.resolve("flink-jobs/src/main"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (!source.contains("addGroup(\"flowrec\")")) {
                    continue;
                }
                Matcher m = NAMED_METRIC.matcher(source);
                while (m.find()) {
                    names.add(m.group(1));
                }
                deadLetters |= source.contains("addGroup(\"dead_letters\")");
                if (source.contains(PER_GATE_CHECK)) {
                    gateChecks().forEach(check -> names.add("snapshots_withheld_" + check));
                }
            }
            if (deadLetters) {
                for (String reason : deadLetterReasons()) {
                    names.add("dead_letters_" + reason.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The quality gate's checks, as their metric names, from the GateCheck enum's source. */
    static Set<String> gateChecks() throws IOException {
        String source =
                Files.readString(
                        Manifests.REPOSITORY.resolve(
                                "src/flowrec-core/src/main/java/dev/flowrec/core/snapshot/"
                                        + "GateCheck.java"));
        Set<String> checks = new TreeSet<>();
        Matcher m = ENUM_CONSTANT.matcher(source);
        while (m.find()) {
            checks.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return checks;
    }

    static Set<String> deadLetterReasons() throws IOException {
        JsonNode schema =
                new ObjectMapper()
                        .readTree(
                                Manifests.REPOSITORY
                                        .resolve("schemas/avro/DeadLetter.avsc")
                                        .toFile());
        Set<String> reasons = new TreeSet<>();
        for (JsonNode field : schema.path("fields")) {
            if (field.path("name").asText().equals("reason")) {
                field.path("type").path("symbols").forEach(s -> reasons.add(s.asText()));
            }
        }
        return reasons;
    }

    /** Flink's built-in metric names of the job and task scopes. */
    static Set<String> flinkMetrics() {
        Set<String> names = new HashSet<>();
        names.addAll(stringConstants("org.apache.flink.runtime.metrics.MetricNames"));
        names.addAll(
                stringConstants(
                        "org.apache.flink.runtime.checkpoint.DefaultCheckpointStatsTracker"));
        return names;
    }

    /**
     * Whether a Prometheus series name is one of them. Flink writes scope names with dots turned to
     * underscores, and both scopes hold Flink's names; the operator scope holds the flowrec group.
     */
    static boolean isRegistered(String series, Set<String> job, Set<String> flink) {
        if (series.startsWith(OPERATOR_SCOPE)) {
            return job.contains(series.substring(OPERATOR_SCOPE.length()));
        }
        if (series.startsWith(JOB_SCOPE)) {
            return flink.contains(series.substring(JOB_SCOPE.length()));
        }
        if (series.startsWith(TASK_SCOPE)) {
            return flink.contains(series.substring(TASK_SCOPE.length()));
        }
        return false;
    }

    private static Set<String> stringConstants(String className) {
        Set<String> values = new HashSet<>();
        try {
            for (Field f : Class.forName(className).getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod)
                        && Modifier.isFinal(mod)
                        && f.getType() == String.class) {
                    f.setAccessible(true);
                    values.add((String) f.get(null));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " is not readable", e);
        }
        return values;
    }
}
