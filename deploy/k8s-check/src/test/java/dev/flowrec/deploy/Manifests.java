package dev.flowrec.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the repository's deploy/k8s manifests and the job's sources are. */
final class Manifests {
    /** Surefire runs in the module's folder, deploy/k8s-check. */
    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    static final Path FOLDER = REPOSITORY.resolve("deploy/k8s");

    /** Not a Kubernetes resource: the scrape_configs section of a prometheus.yml. */
    static final Path SCRAPE_CONFIG = FOLDER.resolve("prometheus-scrape.yaml");

    static final Path DASHBOARD = FOLDER.resolve("grafana-dashboard.json");

    private Manifests() {}

    /** The Kubernetes resource files: every YAML file of deploy/k8s but the scrape config. */
    static List<Path> resourceFiles() {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.equals(SCRAPE_CONFIG))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every typed resource of every resource file. */
    static List<Object> all() {
        return resourceFiles().stream().flatMap(f -> TypedManifests.read(f).stream()).toList();
    }

    /** The typed resources of one file of deploy/k8s. */
    static List<Object> of(String file) {
        return TypedManifests.read(FOLDER.resolve(file));
    }
}
