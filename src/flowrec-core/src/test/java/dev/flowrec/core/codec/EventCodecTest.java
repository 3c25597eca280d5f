package dev.flowrec.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec<Impression> codec = EventCodec.of(Impression.class);

    static Impression impression() {
        return Impression.newBuilder()
                .setImpressionId("i1")
                .setEventTime(1_700_000_000_000L)
                .setUserId("u1")
                .setItemId("v9")
                .setScenario("feed")
                .setCategorical(Map.of("device", "ios"))
                .setNumeric(Map.of("price", 9.5))
                .setSequences(Map.of("clicked", List.of("v1", "v2")))
                .build();
    }

    @Test
    void roundTripsWithSingleObjectHeader() throws IOException {
        byte[] bytes = codec.encode(impression());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(codec.decode(bytes)).isEqualTo(impression());
    }

    @Test
    void recordWrittenWithOlderSchemaDecodesWithDefaults() throws IOException {
        Schema v1 =
                EventCodec.historicSchemas().stream()
                        .filter(
                                s ->
                                        s.getName().equals("Impression")
                                                && s.getField("sequences") == null)
                        .findFirst()
                        .orElseThrow();
        GenericRecord old = new GenericData.Record(v1);
        old.put("impression_id", "old-1");
        old.put("event_time", 42L);
        old.put("user_id", "u");
        old.put("item_id", "v");
        old.put("scenario", "search");
        old.put("categorical", Map.of("device", "web"));
        old.put("numeric", Map.of());
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        Impression decoded = codec.decode(bytes);

        assertThat(decoded.getImpressionId()).isEqualTo("old-1");
        assertThat(decoded.getCategorical()).containsEntry("device", "web");
        assertThat(decoded.getSequences()).isEmpty();
    }

    @Test
    void garbageAndOtherTypesFailWithIOException() {
        assertThatThrownBy(() -> codec.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IOException.class);
        byte[] feedback =
                EventCodec.of(Feedback.class)
                        .encode(
                                Feedback.newBuilder()
                                        .setImpressionId("i")
                                        .setTask("click")
                                        .setEventTime(1L)
                                        .build());
        assertThatThrownBy(() -> codec.decode(feedback)).isInstanceOf(IOException.class);
        byte[] truncated = java.util.Arrays.copyOf(codec.encode(impression()), 14);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(IOException.class);
    }

    @Test
    void historyIndexListsEveryShippedSchemaFile() throws IOException {
        Path dir = Path.of("../../schemas/avro-history");
        List<String> index = List.of(Files.readString(dir.resolve("INDEX")).trim().split("\\s+"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")))
                    .as("every file in schemas/avro-history must be listed in its INDEX")
                    .containsExactlyInAnyOrderElementsOf(index);
        }
    }
}
