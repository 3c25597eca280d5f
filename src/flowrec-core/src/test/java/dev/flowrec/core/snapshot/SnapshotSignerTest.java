package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.FORGER_KEYS;
import static dev.flowrec.core.snapshot.SnapshotTestData.KEYS;
import static dev.flowrec.core.snapshot.SnapshotTestData.KEY_ID;
import static dev.flowrec.core.snapshot.SnapshotTestData.SIGNER;
import static dev.flowrec.core.snapshot.SnapshotTestData.VERIFIER;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.SnapshotManifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSignerTest {

    private static final SnapshotManifest MANIFEST =
            (SnapshotManifest)
                    SnapshotWriter.unsigned(8).write(template(1), new byte[0]).get(0).getPayload();

    @Test
    void aSignedManifestVerifiesAndAnyChangeBreaksIt() {
        SnapshotManifest signed = SIGNER.signed(MANIFEST);

        assertThat(signed.getSigningKeyId()).isEqualTo(KEY_ID);
        assertThat(signed.getSignature().remaining()).isEqualTo(64);
        assertThat(VERIFIER.problem(signed)).isNull();
        assertThat(VERIFIER.problem(MANIFEST)).isEqualTo(RejectReason.UNSIGNED);
        assertThat(VERIFIER.problem(SnapshotManifest.newBuilder(signed).setVersion(2).build()))
                .isEqualTo(RejectReason.BAD_SIGNATURE);
        assertThat(VERIFIER.problem(SnapshotManifest.newBuilder(signed).setLineageId("b").build()))
                .as("the lineage is signed")
                .isEqualTo(RejectReason.BAD_SIGNATURE);
        assertThat(
                        VERIFIER.problem(
                                SnapshotManifest.newBuilder(signed)
                                        .setLineageStartedAt(Long.MAX_VALUE)
                                        .build()))
                .as("so is its start, which orders lineages")
                .isEqualTo(RejectReason.BAD_SIGNATURE);
    }

    @Test
    void theKeyIdIsSignedAndPicksTheKey() {
        SnapshotManifest signed = SIGNER.signed(MANIFEST);
        SnapshotVerifier rotated =
                SnapshotVerifier.of(
                        Map.of(KEY_ID, KEYS.getPublic(), "next", FORGER_KEYS.getPublic()));

        assertThat(rotated.verifies(signed)).isTrue();
        assertThat(
                        rotated.problem(
                                SnapshotManifest.newBuilder(signed)
                                        .setSigningKeyId("next")
                                        .build()))
                .as("moving a signature to another trusted id breaks it")
                .isEqualTo(RejectReason.BAD_SIGNATURE);
        assertThat(
                        VERIFIER.problem(
                                SnapshotSigner.of("next", FORGER_KEYS.getPrivate())
                                        .signed(MANIFEST)))
                .isEqualTo(RejectReason.UNKNOWN_KEY);
        assertThat(
                        VERIFIER.problem(
                                SnapshotManifest.newBuilder(signed).setSigningKeyId(null).build()))
                .isEqualTo(RejectReason.UNKNOWN_KEY);
        assertThat(
                        VERIFIER.problem(
                                SnapshotSigner.of(KEY_ID, FORGER_KEYS.getPrivate())
                                        .signed(MANIFEST)))
                .as("a forger's key under the genuine id")
                .isEqualTo(RejectReason.BAD_SIGNATURE);
    }

    @Test
    void aTruncatedSignatureDoesNotVerify() {
        SnapshotManifest signed = SIGNER.signed(MANIFEST);
        byte[] sig = new byte[signed.getSignature().remaining()];
        signed.getSignature().duplicate().get(sig);
        SnapshotManifest truncated =
                SnapshotManifest.newBuilder(signed)
                        .setSignature(ByteBuffer.wrap(sig, 0, 16))
                        .build();

        assertThat(VERIFIER.problem(truncated)).isEqualTo(RejectReason.BAD_SIGNATURE);
    }

    @Test
    void keysRoundTripThroughPemAndDerFiles(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("signing.pem");
        Files.writeString(pem, SnapshotKeys.pem(KEYS.getPrivate()));
        Path der = dir.resolve("signing.pub.der");
        Files.write(der, KEYS.getPublic().getEncoded());

        SnapshotSigner fromFile = SnapshotSigner.of(KEY_ID, SnapshotKeys.readPrivateKey(pem));
        SnapshotVerifier fromDer =
                SnapshotVerifier.of(Map.of(KEY_ID, SnapshotKeys.readPublicKey(der)));

        assertThat(fromDer.verifies(fromFile.signed(MANIFEST))).isTrue();
        assertThat(SnapshotKeys.pem(KEYS.getPublic())).startsWith("-----BEGIN PUBLIC KEY-----\n");
        Path wrong = dir.resolve("wrong.pem");
        Files.writeString(wrong, SnapshotKeys.pem(KEYS.getPublic()));
        assertThatThrownBy(() -> SnapshotKeys.readPrivateKey(wrong))
                .hasMessageContaining(wrong.toString())
                .hasMessageContaining("without a '-----BEGIN PRIVATE KEY-----' block");
    }

    @Test
    void theKeyIsNeverShownAndKeyIdsArePlainNames() {
        String pem = SnapshotKeys.pem(KEYS.getPrivate());
        String body = pem.split("\n")[1];

        assertThat(SIGNER.toString()).doesNotContain(body).contains("hidden").contains(KEY_ID);
        assertThatThrownBy(() -> SnapshotSigner.of("a key", KEYS.getPrivate()))
                .hasMessageContaining("snapshot signing key id 'a key'");
        assertThatThrownBy(() -> SnapshotSigner.of(KEY_ID, null))
                .hasMessageContaining("must be an Ed25519 private key");
        assertThatThrownBy(() -> SnapshotVerifier.of(Map.of()))
                .hasMessageContaining("at least one public key");
        assertThatThrownBy(
                        () ->
                                SnapshotKeys.privateKey(
                                        "garbage".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not an Ed25519 private key")
                .hasMessageNotContaining("garbage");
    }
}
