package dev.flowrec.cli.job;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;

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
    @Override
    CompletableFuture<String> request(
            RestClusterClient<StandaloneClusterId> client, JobID job, String target) {
        return client.stopWithSavepoint(job, false, target, SavepointFormatType.CANONICAL);
    }

    @Override
    String written(String path) {
        return "Stopped job " + job + " with savepoint " + path;
    }
}
