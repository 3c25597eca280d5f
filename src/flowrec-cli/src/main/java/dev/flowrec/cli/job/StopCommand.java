package dev.flowrec.cli.job;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Stops a job with a savepoint: sources stop, every sink commits, and the savepoint is what a
 * resumed job ({@code flowrec job --from-savepoint}) continues from without losing or repeating an
 * example.
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop a job with a savepoint and print the savepoint's path.")
final class StopCommand extends SavepointingCommand {
    @Option(
            names = "--drain",
            description =
                    "Close every label window and publish the last model before stopping: for a"
                            + " job that will not be resumed. A resumed job would treat feedback"
                            + " arriving after the stop as late.")
    boolean drain;

    @Override
    CompletableFuture<String> request(
            RestClusterClient<StandaloneClusterId> client, JobID job, String target) {
        return client.stopWithSavepoint(job, drain, target, SavepointFormatType.CANONICAL);
    }

    @Override
    String written(String path) {
        return "Stopped job "
                + job
                + (drain ? " after draining it," : "")
                + " with savepoint "
                + path;
    }
}
