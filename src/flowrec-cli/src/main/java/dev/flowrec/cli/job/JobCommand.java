package dev.flowrec.cli.job;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.JobIdentity;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import dev.flowrec.job.RetainedCheckpoints;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs FlowRecJob: on a Flink cluster ({@code --jobmanager}), or in a local Flink runtime in this
 * process. The job graph is built and its configuration checked here, so a bad option fails before
 * anything reaches the cluster; the cluster gets the graph and the job jar.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description =
                "Run FlowRecJob on a Flink cluster (--jobmanager) or locally (embedded Flink,"
                        + " RocksDB), against your Kafka. Options are FlowRec configuration keys,"
                        + " see docs/configuration.md.",
        subcommands = {SavepointCommand.class, StopCommand.class})
public final class JobCommand implements Callable<Integer> {
    @Mixin JobManagerOption jobManager;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A YAML file of FlowRec options (the keys of docs/configuration.md)")
    Path configFile;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description =
                    "A FlowRec option, e.g. -D kafka.bootstrap-servers=host:9092 -D"
                            + " pipeline.job-name=ranking; wins over --config")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description =
                    "The job jar shipped to the cluster (default: the one `./mvnw -pl flink-jobs"
                            + " -am package -DskipTests` builds)")
    Path jar;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "Resume from this savepoint or retained checkpoint")
    String fromSavepoint;

    @Option(
            names = "--from-latest-checkpoint",
            description =
                    "Resume from the newest checkpoint retained under pipeline.checkpoint-dir, as"
                            + " after a JobManager without high availability died")
    boolean fromLatestCheckpoint;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        if (configFile != null) {
            all.putAll(SettingsFile.read(configFile));
        }
        all.putAll(settings);
        FlowRecConfig config = FlowRecConfig.of(all);
        PrintWriter out = spec.commandLine().getOut();
        if (fromLatestCheckpoint) {
            if (fromSavepoint != null) {
                throw new IllegalArgumentException(
                        "--from-savepoint and --from-latest-checkpoint exclude each other");
            }
            fromSavepoint = RetainedCheckpoints.newestOf(config);
            out.printf("Resuming from %s%n", fromSavepoint);
        }
        if (!jobManager.isSet()) {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            FlinkSettings.of(config, fromSavepoint));
            FlowRecJob.attach(env, config);
            env.execute(JobIdentity.of(config).jobName());
            return 0;
        }
        Path shipped = jar != null ? jar : JobJar.find();
        if (!Files.isRegularFile(shipped)) {
            throw new IllegalArgumentException(
                    "No job jar at "
                            + shipped
                            + ": build it with ./mvnw -pl flink-jobs -am package -DskipTests, or"
                            + " name one with --jar");
        }
        JobClient job =
                FlowRecJob.submit(
                        jobManager.host(), jobManager.port(), shipped, config, fromSavepoint);
        String name = JobIdentity.of(config).jobName();
        out.printf("Submitted %s as job %s%n", name, job.getJobID());
        out.printf("Web UI: %s/#/job/running/%s/overview%n", jobManager.url(), job.getJobID());
        out.flush();
        return 0;
    }
}
