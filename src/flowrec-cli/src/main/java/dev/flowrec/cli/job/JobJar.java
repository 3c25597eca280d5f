package dev.flowrec.cli.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the job jar of this checkout is: the one the job-jar profile builds. */
final class JobJar {
    private JobJar() {}

    /** The newest {@code flink-jobs/target/*-job.jar} under the working directory. */
    static Path find() {
        Path target = Path.of("flink-jobs", "target");
        if (!Files.isDirectory(target)) {
            return target.resolve("flowrec-flink-jobs-job.jar");
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-job.jar"))
                    .max(
                            (a, b) ->
                                    Long.compare(
                                            a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElse(target.resolve("flowrec-flink-jobs-job.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
