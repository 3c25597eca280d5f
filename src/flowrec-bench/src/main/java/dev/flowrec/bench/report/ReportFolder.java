package dev.flowrec.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A report folder: results.json (machine-readable), summary.md (tables) and PNG plots beside them. */
public final class ReportFolder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

    public void writeResults(Map<String, Object> results) throws IOException {
        JSON.writeValue(dir.resolve("results.json").toFile(), results);
    }

    public void writeSummary(String markdown) throws IOException {
        Files.writeString(dir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
    }
}
