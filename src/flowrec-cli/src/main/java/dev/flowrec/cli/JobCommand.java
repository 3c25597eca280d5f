package dev.flowrec.cli;

import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.JobIdentity;
import dev.flowrec.job.FlinkSettings;
import dev.flowrec.job.FlowRecJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs FlowRecJob in a local Flink runtime against an existing Kafka cluster. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description =
                "Run FlowRecJob locally (embedded Flink, RocksDB) against your Kafka. "
                        + "Options are FlowRec configuration keys, see docs/configuration.md.")
public final class JobCommand implements Callable<Integer> {
    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            description =
                    "A FlowRec option, e.g. -D kafka.bootstrap-servers=host:9092 -D"
                            + " pipeline.job-name=ranking")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        FlowRecConfig config = FlowRecConfig.of(settings);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.of(config));
        FlowRecJob.attach(env, config);
        env.execute(JobIdentity.of(config).jobName());
        return 0;
    }
}
