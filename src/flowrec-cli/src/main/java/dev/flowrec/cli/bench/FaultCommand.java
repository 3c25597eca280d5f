package dev.flowrec.cli.bench;

import dev.flowrec.bench.fault.FaultPlan;
import dev.flowrec.bench.fault.FaultReport;
import dev.flowrec.bench.fault.FaultResults;
import dev.flowrec.bench.fault.FaultRun;
import dev.flowrec.bench.fault.StandaloneCluster;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.job.FlowRecJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowrec bench b6}: starts the standalone cluster of deploy/standalone (a Kafka broker, a
 * JobManager and TaskManager processes), runs {@link FaultRun} on it and writes the report.
 */
@Command(
        name = "b6",
        aliases = "fault",
        mixinStandardHelpOptions = true,
        description =
                "B6: exactly once through TaskManager kills and a JobManager restart on a"
                        + " standalone cluster; restarts, recovery times, examples expected vs"
                        + " trained, dead letters, serving errors.")
public final class FaultCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--rate",
            defaultValue = "150",
            description = "Impressions per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "90s",
            description = "How long the stream runs, e.g. 90s or 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
            names = "--kills",
            defaultValue = "5",
            description = "TaskManager kills (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--no-jobmanager-restart", description = "Leave the JobManager alone.")
    boolean noJobManagerRestart;

    @Option(
            names = "--bad-records",
            defaultValue = "20",
            description = "Malformed records injected (default: ${DEFAULT-VALUE}).")
    int badRecords;

    @Option(names = "--seed", defaultValue = "20261207", description = "Random seed.")
    long seed;

    @Option(
            names = "--task-managers",
            defaultValue = "2",
            description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(
            names = "--run-dir",
            defaultValue = "bench-state/B6/run",
            description = "The cluster's folder: logs, checkpoints (default: ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(
            names = "--report",
            defaultValue = "docs/benchmarks/B6",
            description = "The report folder (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FaultPlan plan =
                new FaultPlan(
                        rate,
                        Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT)),
                        kills,
                        !noJobManagerRestart,
                        badRecords,
                        seed);
        Path repo = Path.of("").toAbsolutePath();
        Path run = runDir.toAbsolutePath().resolve(String.valueOf(System.currentTimeMillis()));
        out.printf("Starting Kafka and the cluster in %s%n", run);
        out.flush();
        FaultResults results;
        try (StandaloneCluster cluster = StandaloneCluster.start(repo, run, 2, taskManagers)) {
            results = new FaultRun(plan, FlowRecJob::submitForId, out).run(cluster);
        }
        FaultReport.write(new ReportFolder(report), results);
        boolean exactlyOnce = results.exactlyOnce() && results.chainProblems().isEmpty();
        out.printf(
                "%s: examples expected %d, trained %d. %s: %d errors, %d of %d tampered snapshots"
                        + " refused. Report in %s%n",
                exactlyOnce ? "Exactly once held" : "EXACTLY ONCE BROKEN",
                results.examplesExpected(),
                results.examplesTrained(),
                results.servingHeld() ? "Serving held" : "SERVING BROKE",
                results.servingErrors(),
                results.snapshotsRejectedByServing().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                results.snapshotsTampered(),
                report);
        return exactlyOnce && results.servingHeld() ? 0 : 1;
    }
}
