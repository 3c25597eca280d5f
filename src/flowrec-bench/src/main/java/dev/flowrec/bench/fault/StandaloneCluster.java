package dev.flowrec.bench.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The standalone cluster of deploy/standalone, driven through its own scripts: a Kafka broker
 * process, a JobManager process and TaskManager processes, each killed and replaced as a user's
 * operator would. Ports are chosen free; everything lives in one run folder.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path repo;
    private final Path runDir;
    private final int kafkaPort;
    private final int restPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private StandaloneCluster(Path repo, Path runDir, int kafkaPort, int restPort) {
        this.repo = repo;
        this.runDir = runDir;
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
    }

    /**
     * Starts the broker (event topics with this many partitions) and the cluster.
     *
     * @param repo the FlowRec checkout: its deploy/standalone scripts and its built job jar
     */
    public static StandaloneCluster start(Path repo, Path runDir, int partitions, int taskManagers)
            throws IOException, InterruptedException {
        StandaloneCluster cluster =
                new StandaloneCluster(repo, runDir, freePortPair(), freePortBlock());
        cluster.script(
                "start-kafka.sh",
                "--port",
                String.valueOf(cluster.kafkaPort),
                "--partitions",
                String.valueOf(partitions));
        cluster.script(
                "start-cluster.sh",
                "-n",
                String.valueOf(taskManagers),
                "--port",
                String.valueOf(cluster.restPort),
                "--tm-memory",
                "2g",
                "--nd4j-memory",
                "512m");
        return cluster;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int restPort() {
        return restPort;
    }

    public Path runDir() {
        return runDir;
    }

    /** The job jar the flink-jobs module built. */
    public Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("flink-jobs/target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no job jar in flink-jobs/target"));
        }
    }

    /** The pid files of the TaskManagers running now. */
    public List<Path> runningTaskManagers() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.resolve("pids"))) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("taskmanager-"))
                            .sorted()
                            .toList()) {
                long pid = Long.parseLong(Files.readString(f).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The pid files of the TaskManagers that run at least one of the job's tasks: killing an idle
     * one would not touch the job. A TaskManager's log names its resource id, which the REST API
     * reports for each task.
     */
    public List<Path> taskManagersRunning(String jobId) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        for (JsonNode vertex : rest("/jobs/" + jobId).path("vertices")) {
            JsonNode hosts =
                    rest(
                            "/jobs/"
                                    + jobId
                                    + "/vertices/"
                                    + vertex.path("id").asText()
                                    + "/taskmanagers");
            for (JsonNode tm : hosts.path("taskmanagers")) {
                ids.add(tm.path("taskmanager-id").asText());
            }
        }
        List<Path> out = new ArrayList<>();
        List<Path> running = runningTaskManagers();
        for (Path pidFile : running) {
            String name = pidFile.getFileName().toString().replace(".pid", ".log");
            String log = Files.readString(runDir.resolve("logs").resolve(name));
            if (ids.stream().anyMatch(id -> log.contains("ResourceID: " + id))) {
                out.add(pidFile);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(
                    "no running TaskManager process runs a task of job "
                            + jobId
                            + ": tasks on "
                            + ids
                            + ", processes "
                            + running);
        }
        return out;
    }

    /** The job's state as the JobManager reports it. */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    /** SIGKILL, as a machine failure would: no shutdown hook, no goodbye to the JobManager. */
    public void kill(Path pidFile) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start();
        kill.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        Files.delete(pidFile);
    }

    public void startTaskManager() throws IOException, InterruptedException {
        script("start-taskmanager.sh");
    }

    /** SIGKILL of the JobManager: without high availability its jobs are gone with it. */
    public void killJobManager() throws IOException, InterruptedException {
        kill(runDir.resolve("pids/jobmanager.pid"));
    }

    /** Starts a JobManager again; the TaskManagers register with it. */
    public void startJobManager() throws IOException, InterruptedException {
        script("start-jobmanager.sh");
    }

    /**
     * Stops the job with a savepoint after draining it (every event-time timer fires, every window
     * closes) and returns the savepoint's location.
     */
    public String stopWithDrain(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        String body =
                JSON.writeValueAsString(
                        java.util.Map.of(
                                "drain",
                                true,
                                "targetDirectory",
                                runDir.resolve("savepoints").toUri().toString()));
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + restPort
                                                        + "/jobs/"
                                                        + jobId
                                                        + "/stop"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String request = JSON.readTree(response.body()).path("request-id").asText();
        if (request.isEmpty()) {
            throw new IllegalStateException(
                    "stop of job " + jobId + " refused: " + response.body());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = rest("/jobs/" + jobId + "/savepoints/" + request);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException(
                            "stop with drain of job " + jobId + " failed: " + operation);
                }
                return operation.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "stop with drain of job " + jobId + " took over " + timeout);
    }

    /** GET on the JobManager's REST API. */
    public JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Whether the job and every one of its tasks are running. */
    public boolean fullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = rest("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())
                    && !"FINISHED".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Checkpoints the job completed, counted over all its restarts. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    public boolean checkpointInProgress(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/checkpoints").path("counts").path("in_progress").asInt()
                > 0;
    }

    /** Failures the JobManager recorded for the job, each followed by a restart. */
    public int failures(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop-cluster.sh");
        script("stop-kafka.sh");
    }

    private void script(String name, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of("bash", repo.resolve("deploy/standalone/" + name).toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--dir", runDir.toString()));
        Files.createDirectories(runDir.resolve("logs"));
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        runDir.resolve("logs/scripts.out").toFile()))
                        .start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    name
                            + " failed; its output: "
                            + Files.readString(runDir.resolve("logs/scripts.out")));
        }
    }

    /** A free port whose successor is free too (the broker's controller takes the next one). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }

    /** A free REST port with the two start-cluster.sh derives from it (+42, +43) free as well. */
    private static int freePortBlock() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port + 43 < 65536 && isFree(port + 42) && isFree(port + 43)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port block found");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
