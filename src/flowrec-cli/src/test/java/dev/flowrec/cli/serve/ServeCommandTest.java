package dev.flowrec.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.serving.SnapshotSubscriber;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir Path folder;

    private static ServeCommand parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theBrokerAndTheModelAreRequired() {
        assertThatThrownBy(() -> parse("--port", "8080"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--bootstrap")
                .hasMessageContaining("--model-id");
    }

    @Test
    void defaultsAndKafkaProperties() {
        ServeCommand command =
                parse(
                        "--bootstrap", "127.0.0.1:19092",
                        "--model-id", "flowrec-demo",
                        "-X", "security.protocol=SSL",
                        "--cache-dir", "/var/cache/flowrec");

        assertThat(command.port).isEqualTo(8080);
        assertThat(command.topic).isEqualTo("flowrec.snapshots");
        assertThat(command.keep).isEqualTo(3);
        assertThat(command.maxCandidates).isEqualTo(1000);
        assertThat(command.kafkaProperties).containsEntry("security.protocol", "SSL");
        assertThat(command.cacheDir).isEqualTo(Path.of("/var/cache/flowrec"));
    }

    @Test
    void publicKeysAreTrustedByKeyIdAndAMissingFileIsNamed() throws Exception {
        Path key = folder.resolve("k1.pub");
        SnapshotKeys.writePublicKey(key, SnapshotKeys.generate().getPublic());
        ServeCommand command =
                parse(
                        "--bootstrap",
                        "b:9092",
                        "--model-id",
                        "m",
                        "--public-key",
                        "k1=" + key,
                        "--public-key",
                        "k2=" + folder.resolve("absent.pub"));

        assertThat(command.signing.publicKeys).containsOnlyKeys("k1", "k2");
        assertThatThrownBy(() -> command.signing.applyTo(SnapshotSubscriber.builder()))
                .hasMessageContaining("absent.pub");
    }
}
