package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.artifact;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.events.SnapshotRecord;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Snapshots written by every released snapshot format version must keep decoding and verifying
 * (style rule 11). {@code snapshot-format-v1.records} holds the records of one signed version
 * written by format version 1: each record as a 4-byte big-endian length and its single-object
 * encoding; {@code snapshot-format-v1.pub} is the public key of the throw-away key pair that signed
 * it (the private key is not kept). Once FlowRec is released, a failure after a schema or signing
 * change means the change broke readers of published snapshots: bump {@link
 * SnapshotFormat#CURRENT_VERSION} and keep reading version 1 instead of regenerating this file.
 * Until the first release no snapshot is published anywhere, so version 1 is still being defined
 * and its file is regenerated with it.
 *
 * <p>A new format version gets its own files from {@link #main}, which is deliberately not a test.
 * From the repository root, after {@code ./mvnw -o -q dependency:build-classpath -pl
 * src/flowrec-core -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}:
 *
 * <pre>
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events \
 *     -cp src/flowrec-core/target/test-classes:src/flowrec-core/target/classes:$(cat /tmp/cp.txt) \
 *     dev.flowrec.core.snapshot.SnapshotGoldenFileTest \
 *     src/flowrec-core/src/test/resources/dev/flowrec/core/snapshot/snapshot-format-vN
 * </pre>
 */
class SnapshotGoldenFileTest {

    private static final String RESOURCE = "snapshot-format-v1.records";
    private static final String PUBLIC_KEY = "snapshot-format-v1.pub";
    private static final String KEY_ID = "golden";
    private static final long VERSION = 1;
    private static final int SIZE = 3_000;
    private static final long SEED = 2026;

    @Test
    void formatVersion1StillDecodesAndVerifies() throws IOException {
        List<SnapshotRecord> records = new ArrayList<>();
        try (InputStream in = SnapshotGoldenFileTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            DataInputStream data = new DataInputStream(new ByteArrayInputStream(in.readAllBytes()));
            while (data.available() > 0) {
                byte[] value = new byte[data.readInt()];
                data.readFully(value);
                records.add(SnapshotCodec.decode(value));
            }
        }
        PublicKey key;
        try (InputStream in = SnapshotGoldenFileTest.class.getResourceAsStream(PUBLIC_KEY)) {
            assertThat(in).as("test resource %s", PUBLIC_KEY).isNotNull();
            key = SnapshotKeys.publicKey(in.readAllBytes());
        }
        SnapshotAssembler assembler =
                SnapshotAssembler.builder()
                        .verifier(SnapshotVerifier.of(Map.of(KEY_ID, key)))
                        .build();

        List<AssemblyResult> results = SnapshotTestData.feed(assembler, records);

        assertThat(results)
                .singleElement()
                .isInstanceOfSatisfying(
                        VerifiedSnapshot.class,
                        v -> {
                            assertThat(v.artifact()).isEqualTo(artifact(SIZE, SEED));
                            assertThat(v.manifest().getFormatVersion()).isEqualTo(1);
                            assertThat(v.manifest().getSigningKeyId()).isEqualTo(KEY_ID);
                            assertThat(v.manifest().getPredictionTransforms())
                                    .containsEntry("conversion", "fnc");
                        });
    }

    /**
     * Rewrites the version 1 files while format version 1 is still unreleased: run with {@code
     * -Dtest=SnapshotGoldenFileTest -Dflowrec.golden.regenerate=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "flowrec.golden.regenerate", matches = "true")
    void regenerateVersion1WhileUnreleased() throws IOException {
        main(new String[] {"src/test/resources/dev/flowrec/core/snapshot/snapshot-format-v1"});
    }

    /**
     * Writes the golden files of the current format version: {@code <prefix>.records}, signed with
     * a fresh key pair, and {@code <prefix>.pub}, its public key.
     */
    public static void main(String[] args) throws IOException {
        KeyPair keys = SnapshotKeys.generate();
        Files.writeString(Path.of(args[0] + ".pub"), SnapshotKeys.pem(keys.getPublic()));
        List<SnapshotRecord> records =
                SnapshotWriter.signed(1024, SnapshotSigner.of(KEY_ID, keys.getPrivate()))
                        .write(template(VERSION), artifact(SIZE, SEED));
        try (OutputStream file = Files.newOutputStream(Path.of(args[0] + ".records"));
                DataOutputStream out = new DataOutputStream(file)) {
            for (SnapshotRecord r : records) {
                byte[] value = SnapshotCodec.encode(r);
                out.writeInt(value.length);
                out.write(value);
            }
        }
    }
}
