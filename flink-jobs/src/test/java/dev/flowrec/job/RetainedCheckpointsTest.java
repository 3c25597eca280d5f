package dev.flowrec.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
    @TempDir Path dir;

    private Path checkpoint(String job, int n, long writtenAtMillis) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenAtMillis));
        return chk;
    }

    @Test
    void theNewestIsFoundAcrossJobsByWhenItsMetadataWasWritten() throws Exception {
        checkpoint("job-old", 40, 1_000_000);
        Path newest = checkpoint("job-resubmitted", 3, 2_000_000);
        Files.createDirectories(dir.resolve("job-resubmitted").resolve("chk-4"));
        Files.createDirectories(dir.resolve("job-resubmitted").resolve("shared"));

        assertThat(RetainedCheckpoints.newest(dir.toUri().toString()))
                .as("chk-4 has no metadata: in progress or abandoned")
                .hasValueSatisfying(p -> assertThat(p).endsWith("job-resubmitted/chk-3"));
        assertThat(newest).exists();
    }

    @Test
    void noneInAnEmptyOrMissingFolder() throws Exception {
        assertThat(RetainedCheckpoints.newest(dir.toUri().toString())).isEmpty();
        assertThat(RetainedCheckpoints.newest(dir.resolve("nothing").toUri().toString())).isEmpty();
    }
}
