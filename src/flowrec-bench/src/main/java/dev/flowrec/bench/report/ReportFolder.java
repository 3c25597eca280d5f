package dev.flowrec.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A report folder: results.json (machine-readable), summary.md (tables) and PNG plots beside them.
 */
public final class ReportFolder {
    /**
     * How results.json is written and read: record components in snake case (the reports' keys),
     * map keys as they are, and keys a reader does not know skipped, so older reports stay
     * readable.
     */
    public static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // Durations as ISO-8601 text ("PT1M30S"), as people and tools read them.
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final Path dir;

    public ReportFolder(Path dir) {
        this.dir = dir;
        // ImageIO's disk cache registers a JVM shutdown hook, which fails while the demo writes its
        // report from inside a Ctrl-C shutdown; plots are small, keep them in memory.
        javax.imageio.ImageIO.setUseCache(false);
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create report folder " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes results.json from a typed record or a map. */
    public void writeResults(Object results) throws IOException {
        JSON.writeValue(dir.resolve("results.json").toFile(), results);
    }

    public void writeSummary(String markdown) throws IOException {
        Files.writeString(dir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
    }
}
