package dev.flowrec.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowrec.bench.report.ReportFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed B1 results read the committed report and write it back key for key. */
class QualityResultsTest {
    /** The committed B1 report, from this module's folder (the working directory of its tests). */
    private static final Path COMMITTED =
            Path.of("../../docs/benchmarks/B1-movielens-1m/results.json");

    @TempDir Path dir;

    @Test
    void theCommittedReportReadsAndWritesBackUnchanged() throws Exception {
        QualityResults read = ReportFolder.JSON.readValue(COMMITTED.toFile(), QualityResults.class);
        new ReportFolder(dir).writeResults(read);

        JsonNode original = ReportFolder.JSON.readTree(COMMITTED.toFile());
        JsonNode written =
                ReportFolder.JSON.readTree(Files.readString(dir.resolve("results.json")));
        assertThat(written).isEqualTo(original);
        assertThat(read.models().get("autoifs").flowKeepShares()).isNotEmpty();
        assertThat(read.models().get("shared-bottom").flowKeepShares()).isEmpty();
        assertThat(read.speedB4().models()).containsKey("autoifs");
    }
}
