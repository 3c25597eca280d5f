package dev.flowrec.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.serving.SnapshotSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    void anEmptySigningKeyFileIsRefusedRatherThanServingUnsigned() throws Exception {
        Path key = Files.writeString(folder.resolve("key"), "  \n");
        ServeCommand command =
                parse(
                        "--bootstrap",
                        "b:9092",
                        "--model-id",
                        "m",
                        "--signing-key-file",
                        key.toString());

        assertThatThrownBy(() -> command.signing.applyTo(SnapshotSubscriber.builder(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void aMissingSigningKeyFileIsNamed() {
        ServeCommand command =
                parse(
                        "--bootstrap",
                        "b:9092",
                        "--model-id",
                        "m",
                        "--signing-key-file",
                        folder.resolve("absent").toString());

        assertThatThrownBy(() -> command.signing.applyTo(SnapshotSubscriber.builder(), Map.of()))
                .hasMessageContaining("reading the signing key file")
                .hasMessageContaining("absent");
    }
}
