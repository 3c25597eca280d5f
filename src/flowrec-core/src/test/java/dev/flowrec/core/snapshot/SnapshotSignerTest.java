package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.SnapshotManifest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SnapshotSignerTest {

    private static final SnapshotManifest MANIFEST =
            (SnapshotManifest)
                    SnapshotWriter.unsigned(8).write(template(1), new byte[0]).get(0).getPayload();

    @Test
    void aSignedManifestVerifiesAndAnyChangeBreaksIt() {
        SnapshotSigner signer = SnapshotSigner.ofSecret("top-secret");
        SnapshotManifest signed = signer.signed(MANIFEST);

        assertThat(signer.verify(signed)).isTrue();
        assertThat(signer.verify(MANIFEST)).as("unsigned").isFalse();
        assertThat(signer.verify(SnapshotManifest.newBuilder(signed).setVersion(2).build()))
                .isFalse();
        assertThat(signer.verify(SnapshotManifest.newBuilder(signed).setLineageId("b").build()))
                .as("the lineage is signed")
                .isFalse();
        assertThat(
                        signer.verify(
                                SnapshotManifest.newBuilder(signed)
                                        .setLineageStartedAt(Long.MAX_VALUE)
                                        .build()))
                .as("so is its start, which orders lineages")
                .isFalse();
        assertThat(SnapshotSigner.ofKey(new byte[] {1, 2, 3}).verify(signed)).isFalse();
        assertThat(signer.sign(signed)).hasSize(32).isEqualTo(signer.sign(MANIFEST));
    }

    @Test
    void aTruncatedSignatureDoesNotVerify() {
        SnapshotSigner signer = SnapshotSigner.ofSecret("top-secret");
        byte[] sig = signer.sign(MANIFEST);
        SnapshotManifest truncated =
                SnapshotManifest.newBuilder(MANIFEST)
                        .setSignature(ByteBuffer.wrap(sig, 0, 16))
                        .build();

        assertThat(signer.verify(truncated)).isFalse();
    }

    @Test
    void theKeyIsNeverShown() {
        assertThat(SnapshotSigner.ofSecret("top-secret").toString())
                .doesNotContain("top-secret")
                .contains("hidden");
        assertThatThrownBy(() -> SnapshotSigner.ofSecret(""))
                .hasMessage("the snapshot signing key must not be empty");
        assertThatThrownBy(() -> SnapshotSigner.ofSecret(null))
                .hasMessage("the snapshot signing key must not be null");
    }
}
