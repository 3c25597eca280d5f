package dev.flowrec.cli.job;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Stops a job with a savepoint: sources stop, every sink commits, and the savepoint is what a
 * resumed job ({@code flowrec job --from-savepoint}) continues from without losing or repeating an
 * example.
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop a job with a savepoint and print the savepoint's path.")
final class StopCommand implements Callable<Integer> {
    @Mixin JobManagerOption jobManager;

    @Option(names = "--job", required = true, paramLabel = "JOB_ID", description = "The job id")
    String job;

    @Option(
            names = "--target",
            paramLabel = "DIR",
            description = "Where to write it (default: the cluster's savepoint directory)")
    String target;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (var cluster = ClusterConnection.open(jobManager)) {
            String path =
                    cluster.client()
                            .stopWithSavepoint(
                                    JobID.fromHexString(job),
                                    false,
                                    target,
                                    SavepointFormatType.CANONICAL)
                            .get();
            spec.commandLine().getOut().printf("Stopped job %s with savepoint %s%n", job, path);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
