package dev.flowrec.bench.fault;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a fault run puts FlowRecJob on the cluster. The benchmark module stays free of Flink: the
 * command line and the tests hand it the submission of the flink-jobs module.
 */
@FunctionalInterface
public interface JobSubmitter {
    /**
     * Submits the job and returns its id without waiting for it to run.
     *
     * @param restPort the JobManager's REST port
     * @param jobJar the job jar to ship
     * @param settings FlowRec options
     * @param fromLatestCheckpoint resume from the newest checkpoint retained under the job's
     *     checkpoint folder, as {@code flowrec job --from-latest-checkpoint} does
     */
    String submit(
            String host,
            int restPort,
            Path jobJar,
            Map<String, String> settings,
            boolean fromLatestCheckpoint)
            throws Exception;
}
