package dev.flowrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operations guide names every metric the job registers and every dead-letter reason of the
 * schema, so a new metric or reason cannot ship undocumented. Names are read the way the dashboard
 * check reads them: the metrics from the job's source, the reasons from the Avro schema.
 */
class OperationsGuideTest {
    static final Path GUIDE = Manifests.REPOSITORY.resolve("docs/operations.md");

    private static String guide;

    @BeforeAll
    static void read() throws IOException {
        guide = Files.readString(GUIDE);
    }

    @Test
    void everyRegisteredMetricIsExplained() {
        Set<String> metrics = RegisteredMetrics.jobMetrics();
        // Guards the source scan: a scan that found nothing would let any guide through.
        assertThat(metrics).contains("examples_trained", "records_accepted", "pending_impressions");
        assertThat(undocumented(metrics)).as("metrics missing from %s", GUIDE).isEmpty();
    }

    @Test
    void everyDeadLetterReasonIsExplained() throws IOException {
        Set<String> reasons = RegisteredMetrics.deadLetterReasons();
        assertThat(reasons).contains("UNDECODABLE", "LATE_FEEDBACK");
        assertThat(undocumented(reasons))
                .as("dead-letter reasons missing from %s", GUIDE)
                .isEmpty();
    }

    @Test
    void aNameTheGuideLacksIsCaught() {
        assertThat(undocumented(Set.of("examples_trained", "examples_traind")))
                .containsExactly("examples_traind");
    }

    /**
     * Names the guide does not show as code. A dead-letter counter is documented by its reason's
     * row, so {@code dead_letters_<reason>} counts as the reason.
     */
    private static Set<String> undocumented(Set<String> names) {
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            String documented =
                    name.startsWith("dead_letters_")
                            ? name.substring("dead_letters_".length())
                                    .toUpperCase(java.util.Locale.ROOT)
                            : name;
            if (!guide.contains("`" + documented + "`")) {
                missing.add(name);
            }
        }
        return missing;
    }
}
