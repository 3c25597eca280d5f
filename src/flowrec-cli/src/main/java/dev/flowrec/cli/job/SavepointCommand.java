package dev.flowrec.cli.job;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;

/** Takes a savepoint of a running job and prints its path; the job keeps running. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        description = "Take a savepoint of a running job and print its path.")
final class SavepointCommand extends SavepointingCommand {
    @Override
    CompletableFuture<String> request(
            RestClusterClient<StandaloneClusterId> client, JobID job, String target) {
        return client.triggerSavepoint(job, target, SavepointFormatType.CANONICAL);
    }

    @Override
    String written(String path) {
        return "Savepoint of job " + job + ": " + path;
    }
}
