package dev.flowrec.cli.demo;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryData;

/**
 * The bad records the demo injects, one of each kind a producer has been seen to send or an
 * attacker could: each must end as a dead letter with its reason, and none may fail the job. The
 * key of every injected record starts with its case's name, so the dead letters (which keep the
 * key) can be matched to the cases.
 */
final class BadRecords {

    /** Which topic a case is sent to. */
    enum Topic {
        IMPRESSIONS,
        FEEDBACK
    }

    /**
     * One kind of bad record.
     *
     * @param name the key prefix and the report's row
     * @param value the record's value; null for a record without one (a tombstone)
     */
    record Case(String name, String description, Topic topic, byte[] value) {}

    /** Names no data set uses. */
    private static final String UNKNOWN_SCENARIO = "checkout";

    private static final String UNKNOWN_TASK = "not-a-task";

    /** Above the job's default dead-letter payload limit (512 KiB), below Kafka's 1 MB. */
    private static final int OVERSIZED_BYTES = 600 * 1024;

    private static final EventCodec<Impression> IMPRESSIONS = EventCodec.of(Impression.class);
    private static final EventCodec<Feedback> FEEDBACK = EventCodec.of(Feedback.class);

    private BadRecords() {}

    /** Every case, made from a good impression of the stream. */
    static List<Case> of(Impression template) {
        byte[] good = IMPRESSIONS.encode(template);
        // Without features, a good record ends in the three empty maps' zero counts.
        byte[] bare =
                IMPRESSIONS.encode(
                        Impression.newBuilder(template)
                                .setCategorical(Map.of())
                                .setNumeric(Map.of())
                                .setSequences(Map.of())
                                .build());
        byte[] header = Arrays.copyOf(good, 10);
        byte[] unknownFingerprint = good.clone();
        unknownFingerprint[2] ^= 0x5A;
        byte[] oversized = new byte[OVERSIZED_BYTES];
        Arrays.fill(oversized, (byte) 0x7F);
        return List.of(
                new Case(
                        "not-avro",
                        "not Avro at all",
                        Topic.IMPRESSIONS,
                        "not an avro record".getBytes(StandardCharsets.UTF_8)),
                new Case("no-value", "a record without a value", Topic.IMPRESSIONS, null),
                new Case(
                        "unknown-schema",
                        "a schema fingerprint nobody registered",
                        Topic.IMPRESSIONS,
                        unknownFingerprint),
                new Case(
                        "huge-string",
                        "a 15-byte record declaring a 2 GB string",
                        Topic.IMPRESSIONS,
                        concat(header, zigZag(2_000_000_000L))),
                new Case(
                        "huge-map",
                        "a map declaring 2^31 entries",
                        Topic.IMPRESSIONS,
                        concat(Arrays.copyOf(bare, bare.length - 3), zigZag(Integer.MAX_VALUE))),
                new Case(
                        "truncated",
                        "a good record cut in half",
                        Topic.IMPRESSIONS,
                        Arrays.copyOf(good, good.length / 2)),
                new Case(
                        "oversized",
                        "600 KB of garbage, above the dead letter's payload limit",
                        Topic.IMPRESSIONS,
                        oversized),
                new Case(
                        "unknown-scenario",
                        "an impression of a scenario the job does not know",
                        Topic.IMPRESSIONS,
                        IMPRESSIONS.encode(
                                Impression.newBuilder(template)
                                        .setScenario(UNKNOWN_SCENARIO)
                                        .build())),
                new Case(
                        "unknown-task",
                        "feedback for a task the job does not know",
                        Topic.FEEDBACK,
                        FEEDBACK.encode(
                                Feedback.newBuilder()
                                        .setImpressionId(template.getImpressionId())
                                        .setTask(UNKNOWN_TASK)
                                        .setEventTime(template.getEventTime())
                                        .build())));
    }

    /** Each case's name and description, in the order {@link #of} gives them. */
    static Map<String, String> descriptions() {
        Impression sample =
                Impression.newBuilder()
                        .setImpressionId("sample")
                        .setEventTime(0)
                        .setUserId("u")
                        .setItemId("v")
                        .setScenario("feed")
                        .build();
        Map<String, String> out = new LinkedHashMap<>();
        of(sample).forEach(c -> out.put(c.name(), c.description()));
        return out;
    }

    static List<String> names() {
        return List.copyOf(descriptions().keySet());
    }

    /** The case a dead letter's key names, or null for a dead letter of the stream itself. */
    static String caseOf(String key, List<String> names) {
        if (key == null) {
            return null;
        }
        for (String name : names) {
            if (key.startsWith(name + "-")) {
                return name;
            }
        }
        return null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Avro's variable-length zig-zag encoding of a long. */
    private static byte[] zigZag(long value) {
        byte[] out = new byte[10];
        return Arrays.copyOf(out, BinaryData.encodeLong(value, out, 0));
    }
}
