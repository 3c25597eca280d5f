package dev.flowrec.cli.job;

import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Takes a savepoint of a running job and prints its path; the job keeps running. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        description = "Take a savepoint of a running job and print its path.")
final class SavepointCommand implements Callable<Integer> {
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
                            .triggerSavepoint(
                                    JobID.fromHexString(job), target, SavepointFormatType.CANONICAL)
                            .get();
            spec.commandLine().getOut().printf("Savepoint of job %s: %s%n", job, path);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
