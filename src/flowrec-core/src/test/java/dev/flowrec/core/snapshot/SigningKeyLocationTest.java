package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.KEYS;
import static dev.flowrec.core.snapshot.SnapshotTestData.VERIFIER;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.events.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyLocationTest {

    private static final String PEM = SnapshotKeys.pem(KEYS.getPrivate());

    @Test
    void withoutAKeySnapshotsAreUnsigned() {
        assertThat(SigningKeyLocation.of(FlowRecConfig.defaults())).isEmpty();
        assertThat(SnapshotWriter.from(FlowRecConfig.defaults()).signs()).isFalse();
    }

    @Test
    void aKeyFileIsReadWhenLoadedNotWhenConfigured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signing.pem");
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "snapshots.signing.private-key-file",
                                file.toString(),
                                "snapshots.signing.key-id",
                                SnapshotTestData.KEY_ID));

        SigningKeyLocation where = SigningKeyLocation.of(config).orElseThrow();
        assertThatThrownBy(where::load)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file " + file);
        Files.writeString(file, PEM);

        SnapshotManifest signed =
                (SnapshotManifest)
                        SnapshotWriter.from(config)
                                .write(template(1), new byte[10])
                                .get(0)
                                .getPayload();
        assertThat(VERIFIER.verifies(signed)).isTrue();
    }

    @Test
    void aKeyInAnEnvironmentVariable() {
        FlowRecConfig config =
                FlowRecConfig.of(
                        Map.of(
                                "snapshots.signing.private-key-env",
                                "FLOWREC_SIGNING_KEY",
                                "snapshots.signing.key-id",
                                SnapshotTestData.KEY_ID));
        SigningKeyLocation where = SigningKeyLocation.of(config).orElseThrow();

        SnapshotSigner signer = where.load(name -> name.equals("FLOWREC_SIGNING_KEY") ? PEM : null);

        assertThat(signer.keyId()).isEqualTo(SnapshotTestData.KEY_ID);
        assertThatThrownBy(() -> where.load(name -> null))
                .hasMessageContaining("environment variable FLOWREC_SIGNING_KEY")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> where.load(name -> "not a key"))
                .hasMessageContaining("environment variable FLOWREC_SIGNING_KEY")
                .hasMessageNotContaining("not a key");
    }

    @Test
    void conflictingOrIncompleteSettingsNameTheKeys() {
        assertThatThrownBy(
                        () ->
                                SigningKeyLocation.of(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "snapshots.signing.private-key-file", "/k",
                                                        "snapshots.signing.private-key-env", "K",
                                                        "snapshots.signing.key-id", "k1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'snapshots.signing.private-key-file'")
                .hasMessageContaining("'snapshots.signing.private-key-env'");
        assertThatThrownBy(
                        () ->
                                SigningKeyLocation.of(
                                        FlowRecConfig.of(
                                                Map.of(
                                                        "snapshots.signing.private-key-file",
                                                        "/k"))))
                .hasMessageContaining("Missing configuration key 'snapshots.signing.key-id'");
        assertThatThrownBy(
                        () ->
                                SigningKeyLocation.of(
                                        FlowRecConfig.of(Map.of("snapshots.signing.key-id", "k1"))))
                .hasMessageContaining("'snapshots.signing.key-id' is set but neither");
        assertThatThrownBy(
                        () -> FlowRecConfig.of(Map.of("snapshots.signing.private-key-env", "1-x")))
                .hasMessageContaining("'snapshots.signing.private-key-env'");
        assertThatThrownBy(() -> FlowRecConfig.of(Map.of("snapshots.signing.key-id", "a b")))
                .hasMessageContaining("'snapshots.signing.key-id'");
    }
}
