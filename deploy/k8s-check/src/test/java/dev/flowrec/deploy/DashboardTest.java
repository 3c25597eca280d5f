package dev.flowrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every series the Grafana dashboard queries is one the job, Flink or Prometheus produces. */
class DashboardTest {
    // Series names in PromQL: Flink's all start with flink_; `up` is Prometheus's own per target.
    private static final Pattern SERIES = Pattern.compile("\\b(flink_[A-Za-z0-9_]+|up(?=\\s*\\{))");
    private static final Pattern JOB_LABEL = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"");

    private static Set<String> job;
    private static Set<String> flink;
    private static JsonNode dashboard;

    @BeforeAll
    static void read() throws IOException {
        job = RegisteredMetrics.jobMetrics();
        flink = RegisteredMetrics.flinkMetrics();
        dashboard = new ObjectMapper().readTree(Manifests.DASHBOARD.toFile());
    }

    @Test
    void theJobsMetricsAreReadFromItsSource() {
        // Guards the source scan itself: a scan that found nothing would let no panel through.
        assertThat(job)
                .contains(
                        "examples_trained",
                        "train_loss",
                        "snapshots_withheld",
                        "snapshots_withheld_no_evidence",
                        "snapshots_withheld_auc_floor",
                        "records_accepted",
                        "pending_impressions",
                        "dead_letters_undecodable",
                        "dead_letters_late_feedback");
        assertThat(flink).contains("numRestarts", "lastCheckpointDuration");
    }

    @Test
    void everyPanelQueriesOnlyRegisteredSeries() {
        List<String> exprs = expressions(dashboard);
        assertThat(exprs).hasSizeGreaterThan(10);
        for (String expr : exprs) {
            assertThat(unknownSeries(expr)).as(expr).isEmpty();
        }
    }

    @Test
    void theDashboardCoversEveryJobMetric() {
        Set<String> queried = new LinkedHashSet<>();
        for (String expr : expressions(dashboard)) {
            Matcher m = SERIES.matcher(expr);
            while (m.find()) {
                if (m.group(1).startsWith(RegisteredMetrics.OPERATOR_SCOPE)) {
                    queried.add(m.group(1).substring(RegisteredMetrics.OPERATOR_SCOPE.length()));
                }
            }
        }
        // Gauges of lineage start and AutoIFS flow-keep shares are for tools, not this dashboard.
        Set<String> expected = new LinkedHashSet<>(job);
        expected.remove("snapshot_lineage_started_at");
        assertThat(queried).containsAll(expected);
    }

    @Test
    void aPanelWithAMisspelledMetricIsCaught() {
        String expr =
                "sum by (job_name) (deriv("
                        + RegisteredMetrics.OPERATOR_SCOPE
                        + "examples_traind[5m]))";
        assertThat(unknownSeries(expr))
                .containsExactly(RegisteredMetrics.OPERATOR_SCOPE + "examples_traind");
        assertThat(unknownSeries("rate(flowrec_records_accepted[5m])"))
                .as("a query with no series we know")
                .containsExactly("(none)");
    }

    @Test
    void everyScrapeJobTheDashboardNamesIsConfigured() throws IOException {
        Set<String> scrapeJobs = ScrapeConfigTest.jobNames();
        for (String expr : expressions(dashboard)) {
            Matcher m = JOB_LABEL.matcher(expr);
            while (m.find()) {
                assertThat(scrapeJobs).as(expr).contains(m.group(1));
            }
        }
    }

    /** The series of the expression that nothing registers; "(none)" if it names no series. */
    static List<String> unknownSeries(String expr) {
        List<String> unknown = new ArrayList<>();
        Matcher m = SERIES.matcher(expr);
        boolean any = false;
        while (m.find()) {
            any = true;
            String series = m.group(1);
            if (!series.equals("up") && !RegisteredMetrics.isRegistered(series, job, flink)) {
                unknown.add(series);
            }
        }
        if (!any) {
            unknown.add("(none)");
        }
        return unknown;
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        return exprs;
    }
}
