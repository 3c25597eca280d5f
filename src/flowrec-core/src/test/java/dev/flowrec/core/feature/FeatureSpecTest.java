package dev.flowrec.core.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.events.Impression;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {
    private final FeatureSpec spec =
            FeatureSpec.of(List.of("feed", "search"), List.of("device"), List.of("price"), 1000);

    private static Impression impression(String user, String scenario) {
        return Impression.newBuilder()
                .setImpressionId("i")
                .setEventTime(1L)
                .setUserId(user)
                .setItemId("item-7")
                .setScenario(scenario)
                .setCategorical(Map.of("device", "ios"))
                .setNumeric(Map.of("price", 12.5))
                .build();
    }

    @Test
    void murmur3MatchesPublishedVectors() {
        // Reference values of MurmurHash3_x86_32 (seed 0) for these inputs.
        assertThat(FeatureHashing.murmur3("", 0)).isZero();
        assertThat(FeatureHashing.murmur3("hello", 0)).isEqualTo(0x248bfa47);
        assertThat(FeatureHashing.murmur3("The quick brown fox jumps over the lazy dog", 0))
                .isEqualTo(0x2e4ff723);
    }

    @Test
    void eachFieldLandsInItsOwnRangeAndMissingIsRowZero() {
        int[] rows = spec.encode(impression("u1", "search"));
        assertThat(rows).hasSize(5);
        for (int f = 0; f < rows.length; f++) {
            assertThat(rows[f]).isBetween(f * 1000 + 1, f * 1000 + 999);
        }
        assertThat(rows[2]).isEqualTo(2 * 1000 + 2); // scenario index 1 -> local row 2
        Impression bare =
                Impression.newBuilder()
                        .setImpressionId("i")
                        .setEventTime(1L)
                        .setUserId("u")
                        .setItemId("v")
                        .setScenario("feed")
                        .build();
        int[] bareRows = spec.encode(bare);
        assertThat(bareRows[3]).isEqualTo(3000);
        assertThat(bareRows[4]).isEqualTo(4000);
    }

    @Test
    void hashingSpreadsIds() {
        Set<Integer> rows = new HashSet<>();
        for (int u = 0; u < 200; u++) {
            rows.add(spec.encode(impression("user" + u, "feed"))[0]);
        }
        assertThat(rows.size())
                .isGreaterThan(175); // 200 ids in 999 buckets: ~18 collisions expected
    }

    @Test
    void canonicalTextRoundTripsAndHashIsStable() {
        FeatureSpec parsed = FeatureSpec.parse(spec.canonical());
        assertThat(parsed).isEqualTo(spec);
        assertThat(parsed.hash()).isEqualTo(spec.hash()).hasSize(16);
        assertThat(FeatureSpec.of(List.of("feed", "search"), List.of(), List.of(), 1000).hash())
                .isNotEqualTo(spec.hash());
    }

    @Test
    void sequencesKeepTheLatestItemsRightAlignedInTheItemFieldsRows() {
        FeatureSpec withSequences = spec.withSequences(List.of("clicked", "liked"), 3);
        Impression impression =
                Impression.newBuilder(impression("u1", "feed"))
                        .setSequences(
                                Map.of(
                                        "clicked",
                                        List.of("a", "b", "c", "item-7"),
                                        "liked",
                                        List.of("b")))
                        .build();

        int[] rows = withSequences.encodeSequences(impression);

        int item = withSequences.encode(impression)[1];
        int a = rowOfItem(withSequences, "a");
        int b = rowOfItem(withSequences, "b");
        int c = rowOfItem(withSequences, "c");
        assertThat(rows).containsExactly(b, c, item, -1, -1, b);
        assertThat(withSequences.encodeSequences(impression("u1", "feed"))).containsOnly(-1);
        assertThat(a).isNotIn(b, c, item);
        assertThat(spec.encodeSequences(impression)).isEmpty();
    }

    @Test
    void sequencesChangeTheCanonicalTextAndAbsentOnesLeaveItAsItWas() {
        FeatureSpec withSequences = spec.withSequences(List.of("clicked"), 20);

        assertThat(spec.canonical()).doesNotContain("sequences");
        assertThat(FeatureSpec.parse(withSequences.canonical())).isEqualTo(withSequences);
        assertThat(withSequences.hash())
                .isNotEqualTo(spec.hash())
                .isNotEqualTo(spec.withSequences(List.of("clicked"), 10).hash());
        assertThat(spec.withSequences(List.of(), 20)).isEqualTo(spec);
        assertThatThrownBy(() -> spec.withSequences(List.of("a", "a"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
    }

    private static int rowOfItem(FeatureSpec spec, String item) {
        Impression impression =
                Impression.newBuilder(impression("u1", "feed")).setItemId(item).build();
        return spec.encode(impression)[1];
    }

    @Test
    void numericBucketsAreLogScale() {
        assertThat(FeatureHashing.numericBucket(110.0))
                .isEqualTo(FeatureHashing.numericBucket(115.0));
        assertThat(FeatureHashing.numericBucket(100.0))
                .isNotEqualTo(FeatureHashing.numericBucket(300.0));
        assertThat(FeatureHashing.numericBucket(-3.0)).startsWith("-");
    }
}
