package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.artifact;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    @Test
    void recordsRoundTripInSingleObjectEncoding() throws IOException {
        List<SnapshotRecord> records =
                SnapshotWriter.signed(100, SnapshotTestData.SIGNER)
                        .write(template(3), artifact(250, 1));

        for (SnapshotRecord r : records) {
            byte[] bytes = SnapshotCodec.encode(r);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            assertThat(SnapshotCodec.decode(bytes)).isEqualTo(r);
        }
    }

    @Test
    void garbageIsRejectedWithAnIoException() {
        assertThatThrownBy(() -> SnapshotCodec.decode(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(IOException.class);
        SnapshotRecord manifest =
                SnapshotWriter.unsigned(10).write(template(1), new byte[0]).get(0);
        byte[] truncated = Arrays.copyOf(SnapshotCodec.encode(manifest), 14);
        assertThatThrownBy(() -> SnapshotCodec.decode(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void keysAreTheModelIdInUtf8() {
        assertThat(SnapshotCodec.key("ctr-ü")).isEqualTo("ctr-ü".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalBytesIgnoreTheSignatureAndMapOrder() {
        SnapshotManifest m = manifest();
        Map<String, String> reversed = new LinkedHashMap<>();
        List<String> keys = List.copyOf(m.getProvenance().keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reversed.put(keys.get(i), m.getProvenance().get(keys.get(i)));
        }
        SnapshotManifest reordered =
                SnapshotManifest.newBuilder(m)
                        .setProvenance(reversed)
                        .setSignature(ByteBuffer.wrap(new byte[] {9, 9}))
                        .build();

        assertThat(SnapshotCodec.canonicalManifestBytes(reordered))
                .isEqualTo(SnapshotCodec.canonicalManifestBytes(m));
        assertThat(
                        SnapshotCodec.canonicalManifestBytes(
                                SnapshotManifest.newBuilder(m).setExamplesTrained(1).build()))
                .isNotEqualTo(SnapshotCodec.canonicalManifestBytes(m));
        assertThat(
                        SnapshotCodec.canonicalManifestBytes(
                                SnapshotManifest.newBuilder(m).setSigningKeyId("k2").build()))
                .as("the key id is signed")
                .isNotEqualTo(SnapshotCodec.canonicalManifestBytes(m));
    }

    @Test
    void aSignatureSurvivesDecodingIntoHashMaps() throws IOException {
        Map<String, String> provenance = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            provenance.put("model.option-" + i, "value-" + i);
        }
        List<SnapshotRecord> records =
                SnapshotWriter.signed(100, SnapshotTestData.SIGNER)
                        .write(template(2).setProvenance(provenance), artifact(10, 1));

        SnapshotRecord back = SnapshotCodec.decode(SnapshotCodec.encode(records.get(0)));

        assertThat(SnapshotTestData.VERIFIER.verifies((SnapshotManifest) back.getPayload()))
                .isTrue();
    }

    private static SnapshotManifest manifest() {
        List<SnapshotRecord> records = SnapshotWriter.unsigned(100).write(template(1), new byte[0]);
        return (SnapshotManifest) records.get(0).getPayload();
    }
}
