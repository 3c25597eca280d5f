package dev.flowrec.job.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.snapshot.PublisherState;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotVerifier;
import dev.flowrec.events.EmitKind;
import dev.flowrec.events.Impression;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import dev.flowrec.events.TaskLabel;
import dev.flowrec.events.TrainingExample;
import dev.flowrec.job.RecordedMetrics;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's wiring: examples reach the model, the publisher's records reach the output, the end
 * of input flushes and publishes, and the model and publisher state survive a restore. What the
 * publisher decides is tested in flowrec-core's {@code SnapshotPublisherTest}.
 */
class TrainerFunctionTest {
    private static final Map<String, String> SETTINGS =
            Map.of(
                    "model.hash-buckets",
                    "64",
                    "model.hidden-sizes",
                    "8",
                    "model.tower-sizes",
                    "",
                    "model.autoifs.bottom-sizes",
                    "16,8",
                    "model.autoifs.scenario-size",
                    "8",
                    "model.autoifs.search-examples",
                    "64",
                    "model.batch-size",
                    "16",
                    "snapshots.interval-examples",
                    "32",
                    "snapshots.interval",
                    "1h",
                    "snapshots.chunk-size",
                    "4kb");

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, SnapshotRecord>
            open(OperatorSubtaskState restoreFrom) throws Exception {
        return open(SETTINGS, restoreFrom);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, SnapshotRecord>
            open(Map<String, String> settings, OperatorSubtaskState restoreFrom) throws Exception {
        return open(settings, restoreFrom, new RecordedMetrics());
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, SnapshotRecord>
            open(
                    Map<String, String> settings,
                    OperatorSubtaskState restoreFrom,
                    RecordedMetrics recorded)
                    throws Exception {
        Map<String, String> named = new HashMap<>(settings);
        named.putIfAbsent("pipeline.job-name", "trainer-test");
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TrainerFunction(named)) {
                            @Override
                            public OperatorMetricGroup getMetricGroup() {
                                return recorded.group();
                            }
                        },
                        e -> 0,
                        Types.INT);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private static TrainingExample example(int i) {
        Map<String, TaskLabel> labels = new HashMap<>();
        labels.put("click", new TaskLabel(i % 3 == 0 ? 1 : 0, EmitKind.OBSERVED, null));
        Impression imp =
                Impression.newBuilder()
                        .setImpressionId("i" + i)
                        .setEventTime(1_000L + i)
                        .setUserId("u" + (i % 7))
                        .setItemId("v" + (i % 5))
                        .setScenario("feed")
                        .build();
        return TrainingExample.newBuilder()
                .setImpression(imp)
                .setLabels(labels)
                .setEmitTime(1_000L + i)
                .setElapsedSeconds(0)
                .build();
    }

    private static List<SnapshotManifest> manifests(List<SnapshotRecord> records) {
        return records.stream()
                .map(SnapshotRecord::getPayload)
                .filter(SnapshotManifest.class::isInstance)
                .map(SnapshotManifest.class::cast)
                .toList();
    }

    @Test
    void theTrainerSignsWithTheKeyItReadsFromAFileAndTheSettingsHoldOnlyThePath(@TempDir Path dir)
            throws Exception {
        KeyPair keys = SnapshotKeys.generate();
        Path keyFile = dir.resolve("signing.pem");
        SnapshotKeys.writePrivateKey(keyFile, keys.getPrivate());
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put("snapshots.signing.private-key-file", keyFile.toString());
        settings.put("snapshots.signing.key-id", "k1");
        String pem = SnapshotKeys.pem(keys.getPrivate()).split("\n")[1];
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(graph)) {
            out.writeObject(new TrainerFunction(settings));
        }

        var h = open(settings, null);
        for (int i = 0; i < 40; i++) {
            h.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        List<SnapshotManifest> published = manifests(h.extractOutputValues());
        h.close();

        assertThat(graph.toString(StandardCharsets.ISO_8859_1))
                .as("the serialised function carries the path, not the key")
                .contains(keyFile.toString())
                .doesNotContain(pem);
        assertThat(published)
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.getSigningKeyId()).isEqualTo("k1");
                            assertThat(
                                            SnapshotVerifier.of(Map.of("k1", keys.getPublic()))
                                                    .verifies(m))
                                    .isTrue();
                        });
    }

    @Test
    void versionsAndExampleCountsContinueAfterRestore() throws Exception {
        var first = open(null);
        for (int i = 0; i < 40; i++) {
            first.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        List<SnapshotManifest> before = manifests(first.extractOutputValues());
        assertThat(before).extracting(SnapshotManifest::getVersion).containsExactly(1L);
        assertThat(before.get(0).getExamplesTrained()).isEqualTo(32L);
        assertThat(before.get(0).getChunkCount()).isGreaterThan(1); // 4 kB chunks
        for (int i = 0; i < 10; i++) {
            first.processElement(new StreamRecord<>(finalLabel(i), 2_000L + i));
        }
        OperatorSubtaskState checkpoint = first.snapshot(1L, 2_000L);
        first.close();

        var restored = open(checkpoint);
        for (int i = 10; i < 20; i++) {
            restored.processElement(new StreamRecord<>(finalLabel(i), 2_000L + i));
        }
        for (int i = 40; i < 72; i++) {
            restored.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        List<SnapshotManifest> after = manifests(restored.extractOutputValues());
        assertThat(after)
                .extracting(SnapshotManifest::getVersion)
                .as("the counter was restored")
                .containsExactly(2L);
        assertThat(after.get(0).getParentVersion()).isEqualTo(1L);
        assertThat(after.get(0).getParentLineageId())
                .as("the lineage was restored, and the restored job forked from it")
                .isEqualTo(before.get(0).getLineageId());
        assertThat(after.get(0).getLineageId()).isNotEqualTo(before.get(0).getLineageId());
        assertThat(after.get(0).getLineageStartedAt())
                .isGreaterThan(before.get(0).getLineageStartedAt());
        assertThat(after.get(0).getExamplesTrained())
                .as(
                        "the 8 buffered examples of the checkpoint were trained after the restore,"
                                + " not lost")
                .isEqualTo(64L);
        assertThat(after.get(0).getProvenance())
                .as("the final-label window kept the 10 final labels of before the checkpoint")
                .containsEntry("gate-window.feed/click.examples", "20");
        restored.close();
    }

    /**
     * Rows built under other hash buckets or another task order would train the restored model on
     * misaligned inputs without an error; a restart would fail the same way, so restarts are
     * suppressed.
     */
    @Test
    void aRestoreUnderSettingsTheModelCannotServeFailsOnceNamingTheOptions() throws Exception {
        OperatorSubtaskState checkpoint = checkpointAfter(20);
        Map<String, String> changed = new HashMap<>(SETTINGS);
        changed.put("model.hash-buckets", "128");
        changed.put("labels.tasks", "conversion,click");

        assertThatThrownBy(() -> open(changed, checkpoint))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowable(
                                                        e, SuppressRestartsException.class))
                                        .isPresent())
                .hasStackTraceContaining("'model.hash-buckets': restored 64, configured 128")
                .hasStackTraceContaining(
                        "'labels.tasks': restored [click, conversion], configured [conversion,"
                                + " click]");
    }

    @Test
    void aRestoreWithANewLearningRateGoesOn() throws Exception {
        OperatorSubtaskState checkpoint = checkpointAfter(20);
        Map<String, String> changed = new HashMap<>(SETTINGS);
        changed.put("model.learning-rate", "0.5");

        var restored = open(changed, checkpoint);
        for (int i = 20; i < 40; i++) {
            restored.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        assertThat(manifests(restored.extractOutputValues()))
                .extracting(SnapshotManifest::getExamplesTrained)
                .containsExactly(32L);
        restored.close();
    }

    private static OperatorSubtaskState checkpointAfter(int examples) throws Exception {
        var first = open(null);
        for (int i = 0; i < examples; i++) {
            first.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        OperatorSubtaskState checkpoint = first.snapshot(1L, 2_000L);
        first.close();
        return checkpoint;
    }

    @Test
    void theEndOfInputTrainsThePartialBatchAndPublishesIt() throws Exception {
        var h = open(null);
        for (int i = 0; i < 40; i++) {
            h.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        List<SnapshotManifest> published = manifests(h.extractOutputValues());
        assertThat(published).extracting(SnapshotManifest::getVersion).containsExactly(1L, 2L);
        assertThat(published.get(1).getExamplesTrained())
                .as("the 8 buffered examples too")
                .isEqualTo(40L);
        assertThat(published.get(1).getWatermark()).isEqualTo(Long.MAX_VALUE);
        assertThat(List.copyOf(h.getOutput()))
                .as("the watermark passes on after the last snapshot")
                .last()
                .isEqualTo(new Watermark(Long.MAX_VALUE));
        h.close();
    }

    @Test
    void aWithheldSnapshotIsCountedAndNotEmittedUntilTheWindowHasEvidence() throws Exception {
        Map<String, String> gated = new HashMap<>(SETTINGS);
        gated.put("snapshots.gate.max-logloss", "100"); // any finite window passes
        gated.put("snapshots.gate.min-examples", "8");
        RecordedMetrics metrics = new RecordedMetrics();
        var h = open(gated, null, metrics);
        for (int i = 0; i < 32; i++) {
            h.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }

        assertThat(h.extractOutputValues())
                .as("the first snapshot of the lineage, with no final label yet")
                .isEmpty();
        assertThat(metrics.count("snapshots_withheld")).isEqualTo(1);
        assertThat(metrics.count("snapshots_withheld_no_evidence")).isEqualTo(1);
        assertThat(metrics.count("snapshots_withheld_logloss_ceiling")).isZero();
        assertThat(metrics.value("gate_window.feed_click.examples")).isEqualTo(0.0);

        for (int i = 0; i < 16; i++) {
            h.processElement(new StreamRecord<>(finalLabel(i), 2_000L + i));
        }
        for (int i = 32; i < 64; i++) {
            h.processElement(new StreamRecord<>(example(i), 1_000L + i));
        }

        List<SnapshotManifest> published = manifests(h.extractOutputValues());
        assertThat(published).extracting(SnapshotManifest::getVersion).containsExactly(1L);
        assertThat(published.get(0).getProvenance())
                .containsEntry("gate-window.feed/click.examples", "16")
                .containsEntry("gate-window.feed/click.positives", "6")
                .containsEntry("snapshots.gate.max-logloss", "100.0");
        assertThat(metrics.count("snapshots_withheld")).as("still the one").isEqualTo(1);
        assertThat(metrics.value("gate_window.feed_click.examples")).isEqualTo(16.0);
        h.close();
    }

    /** The final click label of impression {@code i}, as the label join emits it. */
    private static TrainingExample finalLabel(int i) {
        TrainingExample example = example(i);
        example.setLabels(Map.of("click", new TaskLabel(i % 3 == 0 ? 1 : 0, EmitKind.FINAL, null)));
        return example;
    }

    @Test
    void thePublisherStateIsAFlinkPojoNotAKryoBlob() {
        assertThat(TypeInformation.of(PublisherState.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
