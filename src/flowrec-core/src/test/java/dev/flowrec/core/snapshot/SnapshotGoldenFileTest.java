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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots written by every released snapshot format version must keep decoding and verifying
 * (style rule 11). {@code snapshot-format-v1.records} holds the records of one signed version
 * written by format version 1: each record as a 4-byte big-endian length and its single-object
 * encoding. Once FlowRec is released, a failure after a schema or signing change means the change
 * broke readers of published snapshots: bump {@link SnapshotFormat#CURRENT_VERSION} and keep
 * reading version 1 instead of regenerating this file. Until the first release no snapshot is
 * published anywhere, so version 1 is still being defined and its file is regenerated with it.
 *
 * <p>A new format version gets its own file from {@link #main}, which is deliberately not a test.
 * From the repository root, after {@code ./mvnw -o -q dependency:build-classpath -pl
 * src/flowrec-core -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}:
 *
 * <pre>
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events \
 *     -cp src/flowrec-core/target/test-classes:src/flowrec-core/target/classes:$(cat /tmp/cp.txt) \
 *     dev.flowrec.core.snapshot.SnapshotGoldenFileTest \
 *     src/flowrec-core/src/test/resources/dev/flowrec/core/snapshot/snapshot-format-vN.records
 * </pre>
 */
class SnapshotGoldenFileTest {

    private static final String RESOURCE = "snapshot-format-v1.records";
    private static final SnapshotSigner SIGNER = SnapshotSigner.ofSecret("flowrec-golden-key");
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
        SnapshotAssembler assembler = SnapshotAssembler.builder().signer(SIGNER).build();

        List<AssemblyResult> results = SnapshotTestData.feed(assembler, records);

        assertThat(results)
                .singleElement()
                .isInstanceOfSatisfying(
                        VerifiedSnapshot.class,
                        v -> {
                            assertThat(v.artifact()).isEqualTo(artifact(SIZE, SEED));
                            assertThat(v.manifest().getFormatVersion()).isEqualTo(1);
                            assertThat(v.manifest().getPredictionTransforms())
                                    .containsEntry("conversion", "fnc");
                        });
    }

    /** Writes the golden file of the current format version to the path given. */
    public static void main(String[] args) throws IOException {
        List<SnapshotRecord> records =
                SnapshotWriter.signed(1024, SIGNER).write(template(VERSION), artifact(SIZE, SEED));
        try (OutputStream file = Files.newOutputStream(Path.of(args[0]));
                DataOutputStream out = new DataOutputStream(file)) {
            for (SnapshotRecord r : records) {
                byte[] value = SnapshotCodec.encode(r);
                out.writeInt(value.length);
                out.write(value);
            }
        }
    }
}
