package dev.flowrec.job;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.PipelineOptions;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The checkpoints a job left in its checkpoint folder ({@code <dir>/<job id>/chk-<n>/_metadata}).
 * After a JobManager without high availability died, its jobs are gone and are resubmitted from the
 * newest of these; a resubmitted job has a new id, so the newest is found across job folders by the
 * time its metadata was written, through Flink's file systems (local, S3, HDFS as the client has
 * them).
 */
public final class RetainedCheckpoints {
    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {}

    /** The newest completed checkpoint under {@code checkpointDir}, if there is one. */
    public static Optional<String> newest(String checkpointDir) throws IOException {
        Path root = new Path(URI.create(checkpointDir));
        FileSystem fs = root.getFileSystem();
        FileStatus newest = null;
        for (FileStatus job : list(fs, root)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                if (!chk.isDir() || !chk.getPath().getName().startsWith("chk-")) {
                    continue;
                }
                Path metadata = new Path(chk.getPath(), METADATA);
                if (!fs.exists(metadata)) {
                    continue; // in progress or abandoned: no metadata was written
                }
                FileStatus written = fs.getFileStatus(metadata);
                if (newest == null
                        || written.getModificationTime() > newest.getModificationTime()) {
                    newest = written;
                }
            }
        }
        return Optional.ofNullable(newest).map(m -> m.getPath().getParent().toString());
    }

    /** The newest completed checkpoint under the job's {@code pipeline.checkpoint-dir}. */
    public static String newestOf(FlowRecConfig config) throws IOException {
        String dir = config.get(PipelineOptions.CHECKPOINT_DIR);
        return newest(dir)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "No completed checkpoint under "
                                                + dir
                                                + " ("
                                                + PipelineOptions.CHECKPOINT_DIR.key()
                                                + ")"));
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] entries = fs.exists(dir) ? fs.listStatus(dir) : null;
        return entries == null ? new FileStatus[0] : entries;
    }
}
