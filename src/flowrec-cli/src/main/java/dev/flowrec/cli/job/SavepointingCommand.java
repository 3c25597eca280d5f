package dev.flowrec.cli.job;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the commands that write a savepoint of a running job share: the job, where, and the path.
 */
abstract class SavepointingCommand implements Callable<Integer> {
    @Mixin JobManagerOption jobManager;

    @Option(names = "--job", required = true, paramLabel = "JOB_ID", description = "The job id")
    String job;

    @Option(
            names = "--target",
            paramLabel = "DIR",
            description = "Where to write it (default: the cluster's savepoint directory)")
    String target;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    /** Asks the cluster for the savepoint; completes with its path. */
    abstract CompletableFuture<String> request(
            RestClusterClient<StandaloneClusterId> client, JobID job, String target);

    /** The line printed once the savepoint is written. */
    abstract String written(String path);

    @Override
    public Integer call() throws Exception {
        try (var cluster = ClusterConnection.open(jobManager)) {
            String path = request(cluster.client(), JobID.fromHexString(job), target).get();
            spec.commandLine().getOut().println(written(path));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
