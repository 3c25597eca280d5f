package dev.flowrec.bench.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator wrk (Debian package {@code wrk}), run as a separate process against the
 * server on loopback: a load generator in another process, written in C, measures the server rather
 * than a Java client sharing its JIT and heap. Its {@code --latency} output gives the percentiles.
 */
final class Wrk {
    /** What one wrk run reported. */
    record Run(
            int threads,
            int connections,
            double requestsPerSecond,
            Map<String, Double> latencyMillis,
            long requests,
            long errors) {}

    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s*(50|75|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile(
                    "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {}

    /** Whether wrk is on the PATH. */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POSTs {@code body} as JSON to {@code url} for {@code duration}. */
    static Run post(String url, String body, int threads, int connections, Duration duration)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("flowrec-wrk", ".lua");
        try {
            Files.writeString(
                    script,
                    "wrk.method = \"POST\"\n"
                            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                            + "wrk.body = [==["
                            + body
                            + "]==]\n",
                    StandardCharsets.UTF_8);
            Process p =
                    new ProcessBuilder(
                                    "wrk",
                                    "-t" + threads,
                                    "-c" + connections,
                                    "-d" + duration.toSeconds() + "s",
                                    "--latency",
                                    "-s",
                                    script.toString(),
                                    url)
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("wrk exited with " + p.exitValue() + ":\n" + out);
            }
            return parse(out, threads, connections);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Run parse(String out, int threads, int connections) throws IOException {
        Map<String, Double> latency = new LinkedHashMap<>();
        Matcher m = PERCENTILE.matcher(out);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            double millis =
                    switch (m.group(3)) {
                        case "us" -> value / 1000;
                        case "ms" -> value;
                        default -> value * 1000;
                    };
            latency.put("p" + m.group(1), millis);
        }
        Matcher rate = RATE.matcher(out);
        Matcher total = TOTAL.matcher(out);
        if (latency.size() != 4 || !rate.find() || !total.find()) {
            throw new IOException("wrk's output has no latency distribution or rate:\n" + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Run(
                threads,
                connections,
                Double.parseDouble(rate.group(1)),
                latency,
                Long.parseLong(total.group(1)),
                errors);
    }

    static String describe(Run r) {
        return String.format(
                Locale.ROOT,
                "wrk -t%d -c%d: %,.0f requests/s, p50 %.3f ms, p99 %.3f ms, %d errors",
                r.threads(),
                r.connections(),
                r.requestsPerSecond(),
                r.latencyMillis().get("p50"),
                r.latencyMillis().get("p99"),
                r.errors());
    }
}
