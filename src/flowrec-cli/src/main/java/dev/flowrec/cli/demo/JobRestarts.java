package dev.flowrec.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;

/**
 * The job's failures, each followed by a restart, as Flink's REST API reports them ({@code
 * /jobs/<id>/exceptions}): when, in which task, and the exception. A demo that only printed
 * progress would hide a job that crash-loops while the progress line still moves.
 */
final class JobRestarts {

    /** One failure. */
    record Failure(Instant at, String task, String exception) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    JobRestarts(int restPort, JobID job) {
        this.uri = URI.create("http://localhost:" + restPort + "/jobs/" + job + "/exceptions");
    }

    /**
     * The failures so far, oldest first.
     *
     * @throws IOException when the REST API does not answer as documented
     */
    List<Failure> read() throws IOException {
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        List<Failure> out = new ArrayList<>();
        for (JsonNode e : JSON.readTree(response.body()).path("exceptionHistory").path("entries")) {
            out.add(
                    new Failure(
                            Instant.ofEpochMilli(e.path("timestamp").asLong()),
                            e.path("taskName").asText("(job)"),
                            firstLine(
                                    e.path("stacktrace")
                                            .asText(e.path("exceptionName").asText()))));
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    private static String firstLine(String stackTrace) {
        int end = stackTrace.indexOf('\n');
        return end < 0 ? stackTrace : stackTrace.substring(0, end);
    }
}
