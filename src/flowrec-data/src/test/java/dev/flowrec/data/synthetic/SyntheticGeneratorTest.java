package dev.flowrec.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureHashing;
import dev.flowrec.core.metrics.BinnedAuc;
import dev.flowrec.core.metrics.CellReport;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.data.stream.EventStreamContract;
import dev.flowrec.data.stream.StreamDescription;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.stream.StreamEvent.FeedbackEvent;
import dev.flowrec.data.stream.StreamEvent.ImpressionEvent;
import dev.flowrec.events.Impression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
    private static final int IMPRESSIONS = 200_000;
    private static final ScenarioTaskSpace SPACE =
            new SyntheticGenerator(SyntheticConfig.defaults()).description().space();

    /** One pass over the default stream, shared by the statistical tests. */
    private static StreamFacts facts;

    @BeforeAll
    static void generateDefaultStream() {
        facts =
                StreamFacts.of(
                        new SyntheticGenerator(SyntheticConfig.defaults()).events(IMPRESSIONS));
    }

    private static List<StreamEvent> take(Iterator<StreamEvent> events, int n) {
        List<StreamEvent> out = new ArrayList<>(n);
        while (out.size() < n && events.hasNext()) {
            out.add(events.next());
        }
        return out;
    }

    /** Compares event by event, so a failure names the first differing event, not two lists. */
    private static void assertSameEvents(List<StreamEvent> actual, List<StreamEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("event %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void keepsTheEventStreamContract() {
        SyntheticGenerator generator =
                new SyntheticGenerator(
                        SyntheticConfig.builder().seed(3).users(50).items(20).build());

        assertThat(generator.name()).isEqualTo("synthetic");
        EventStreamContract.check(generator, 5_000);
    }

    @Test
    void labelWindowsAreRealWorldWindowsCompressedLikeTheDelays() {
        StreamDescription atDefaults =
                new SyntheticGenerator(SyntheticConfig.defaults()).description();
        StreamDescription atFaceValue =
                new SyntheticGenerator(SyntheticConfig.builder().timeCompression(1).build())
                        .description();

        // click C 1 min, W 10 min; conversion C 1 h, W 25 h (real world), divided by 60 and by 1
        assertThat(atDefaults.labelWindows().observationMillis()).containsExactly(1_000L, 60_000L);
        assertThat(atDefaults.labelWindows().attributionMillis())
                .containsExactly(10_000L, 1_500_000L);
        assertThat(atFaceValue.labelWindows().attributionMillis())
                .containsExactly(600_000L, 90_000_000L);
        assertThat(atDefaults.knowsTrueProbabilities()).isTrue();
        assertThat(atDefaults.jobSettings())
                .containsEntry("labels.tasks", "click,conversion")
                .containsEntry("model.categorical-features", "user_segment,item_category,device")
                .containsEntry("model.numeric-features", "price");
        assertThat(atDefaults.sequenceSettings())
                .containsEntry("model.sequence-features", "clicked");
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        SyntheticConfig config = SyntheticConfig.builder().seed(7).build();
        SyntheticGenerator generator = new SyntheticGenerator(config);
        List<StreamEvent> first = take(generator.events(), 30_000);

        assertSameEvents(take(generator.events(), 30_000), first);
        assertSameEvents(take(new SyntheticGenerator(config).events(), 30_000), first);
        assertThat(((ImpressionEvent) first.get(0)).impression().getImpressionId())
                .isEqualTo("syn-7-0");
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        Impression a =
                firstImpression(new SyntheticGenerator(SyntheticConfig.builder().seed(1).build()));
        Impression b =
                firstImpression(new SyntheticGenerator(SyntheticConfig.builder().seed(2).build()));
        assertThat(a.getImpressionId()).isNotEqualTo(b.getImpressionId());
        assertThat(List.of(a.getUserId(), a.getItemId(), a.getEventTime()))
                .isNotEqualTo(List.of(b.getUserId(), b.getItemId(), b.getEventTime()));
    }

    private static Impression firstImpression(SyntheticGenerator generator) {
        return ((ImpressionEvent) generator.events().next()).impression();
    }

    @Test
    void eventsAreInTimeOrderAndFeedbackFollowsItsImpressionWithAKnownTask() {
        // Time order, unique ids, feedback strictly after its impression (conversion after its
        // click), known tasks, and feedback present exactly when the final label is 1.
        assertThat(facts.problems).isEmpty();
        assertThat(facts.impressions).hasSize(IMPRESSIONS);
        assertThat(facts.feedbackEvents).isEqualTo(Arrays.stream(facts.positives).sum());
    }

    @Test
    void realizedRatesMatchTheTrueProbabilities() {
        // Given the true probabilities, a cell's positive count is a sum of independent
        // Bernoulli draws: mean sum(p), variance sum(p(1-p)). Every cell expects over 1000
        // positives, so the count is very nearly normal and a 5-sigma band fails by chance with
        // probability below 1e-6 per cell. The stream is seeded, so the test cannot flake; it
        // fails only if labels stop being drawn from the probabilities reported with them.
        for (int cell = 0; cell < 6; cell++) {
            double expected = facts.expected(cell);
            double sigma = Math.sqrt(facts.sumVariance[cell]);
            assertThat(expected)
                    .as("expected positives in %s", SPACE.cellKeys().get(cell))
                    .isGreaterThan(1000);
            assertThat((double) facts.positives[cell])
                    .as("positives in %s", SPACE.cellKeys().get(cell))
                    .isCloseTo(expected, within(5 * sigma));
        }
    }

    @Test
    void ratesAreRealisticAndDifferByScenario() {
        double[] clickRate = new double[3];
        for (int s = 0; s < 3; s++) {
            double n = facts.impressionsPerScenario[s];
            clickRate[s] = facts.expected(2 * s) / n;
            // The bases are solved on a separate sample of 20000 per scenario: within 10%.
            assertThat(clickRate[s])
                    .as("click rate of %s", SPACE.scenarios().get(s))
                    .isBetween(0.05, 0.20)
                    .isCloseTo(
                            SyntheticWorld.CLICK_RATE[s],
                            within(0.1 * SyntheticWorld.CLICK_RATE[s]));
            assertThat(facts.expected(2 * s + 1) / n)
                    .as("conversion rate of %s", SPACE.scenarios().get(s))
                    .isBetween(0.01, 0.05)
                    .isCloseTo(
                            SyntheticWorld.CONVERSION_RATE[s],
                            within(0.1 * SyntheticWorld.CONVERSION_RATE[s]));
        }
        assertThat(clickRate[1] / clickRate[0]).isGreaterThan(2.0);
        // Scenario shares 50/30/20%.
        assertThat(facts.impressionsPerScenario[0] / (double) IMPRESSIONS)
                .isCloseTo(0.5, within(0.01));
    }

    @Test
    void bayesOptimalAucIsWellAboveOneHalfInEveryCell() {
        EvaluationReport report = facts.bayes.report();
        for (String cell : SPACE.cellKeys()) {
            CellReport figures = report.cell(cell);
            assertThat(figures.auc()).as("Bayes-optimal AUC of %s", cell).isGreaterThan(0.75);
            // Scoring with the truth is calibrated up to sampling noise.
            assertThat(figures.calibration())
                    .as("calibration of %s", cell)
                    .isCloseTo(1.0, within(0.1));
        }
    }

    @Test
    void impressionsCarryTheDeclaredFeatures() {
        for (ImpressionEvent event : facts.impressions.subList(0, 1000)) {
            Impression impression = event.impression();
            assertThat(impression.getCategorical())
                    .containsOnlyKeys(SyntheticGenerator.CATEGORICAL_FEATURES);
            assertThat(impression.getNumeric())
                    .containsOnlyKeys(SyntheticGenerator.NUMERIC_FEATURES);
            assertThat(impression.getNumeric().get("price")).isPositive();
            assertThat(impression.getSequences())
                    .containsOnlyKeys(SyntheticGenerator.CLICKED_SEQUENCE);
            assertThat(impression.getSequences().get(SyntheticGenerator.CLICKED_SEQUENCE))
                    .hasSizeLessThanOrEqualTo(20);
            assertThat(impression.getScenario()).isIn(SyntheticGenerator.SCENARIOS);
        }
    }

    @Test
    void everyFeatureCarriesSignalWithinScenarios() {
        // Score each impression with the mean true probability of its (scenario, feature value)
        // group and take the AUC against the realized labels per cell: a model that knew only
        // that feature. Group means come from true probabilities, not labels, so no label leaks;
        // numeric values are bucketed the way the model's feature spec buckets them.
        Map<String, Function<Impression, String>> features = new HashMap<>();
        for (String name : SyntheticGenerator.CATEGORICAL_FEATURES) {
            features.put(name, i -> i.getCategorical().get(name));
        }
        for (String name : SyntheticGenerator.NUMERIC_FEATURES) {
            features.put(name, i -> FeatureHashing.numericBucket(i.getNumeric().get(name)));
        }
        features.forEach(
                (name, value) -> {
                    double sumAuc = 0.0;
                    for (String task : SyntheticGenerator.TASKS) {
                        for (String scenario : SyntheticGenerator.SCENARIOS) {
                            sumAuc += featureOnlyAuc(scenario, task, value);
                        }
                    }
                    assertThat(sumAuc / 6)
                            .as("mean AUC of a predictor that knows only %s", name)
                            .isGreaterThan(0.52);
                });
    }

    private static double featureOnlyAuc(
            String scenario, String task, Function<Impression, String> value) {
        Map<String, double[]> groups = new HashMap<>();
        List<ImpressionEvent> inScenario =
                facts.impressions.stream()
                        .filter(e -> e.impression().getScenario().equals(scenario))
                        .toList();
        for (ImpressionEvent e : inScenario) {
            double[] sum = groups.computeIfAbsent(value.apply(e.impression()), k -> new double[2]);
            sum[0] += e.trueProbability(SPACE.taskIndex(task));
            sum[1]++;
        }
        BinnedAuc auc = new BinnedAuc();
        for (ImpressionEvent e : inScenario) {
            double[] sum = groups.get(value.apply(e.impression()));
            auc.add(sum[0] / sum[1], e.finalLabel(SPACE.taskIndex(task)));
        }
        return auc.auc();
    }

    @Test
    void sequencesHoldExactlyTheLatestEarlierClicks() {
        // A small world, so users click often and their sequences wrap the 20-item ring.
        SyntheticGenerator generator =
                new SyntheticGenerator(
                        SyntheticConfig.builder().users(200).items(300).seed(3).build());
        // Pass 1: every click of the stream, per user, in stream (= time) order.
        Map<String, String> userOf = new HashMap<>();
        Map<String, String> itemOf = new HashMap<>();
        Map<String, List<Long>> clickTimes = new HashMap<>();
        Map<String, List<String>> clickItems = new HashMap<>();
        List<ImpressionEvent> impressions = new ArrayList<>();
        generator.stream(30_000)
                .forEach(
                        event -> {
                            if (event instanceof ImpressionEvent e) {
                                impressions.add(e);
                                userOf.put(
                                        e.impression().getImpressionId(),
                                        e.impression().getUserId());
                                itemOf.put(
                                        e.impression().getImpressionId(),
                                        e.impression().getItemId());
                            } else if (event instanceof FeedbackEvent f
                                    && f.feedback().getTask().equals("click")) {
                                String user = userOf.get(f.feedback().getImpressionId());
                                clickTimes
                                        .computeIfAbsent(user, u -> new ArrayList<>())
                                        .add(f.eventTime());
                                clickItems
                                        .computeIfAbsent(user, u -> new ArrayList<>())
                                        .add(itemOf.get(f.feedback().getImpressionId()));
                            }
                        });
        // Pass 2: each sequence must be the user's last 20 clicks strictly before the impression.
        int full = 0;
        for (ImpressionEvent e : impressions) {
            Impression impression = e.impression();
            List<Long> times = clickTimes.getOrDefault(impression.getUserId(), List.of());
            List<String> items = clickItems.getOrDefault(impression.getUserId(), List.of());
            int before = 0;
            while (before < times.size() && times.get(before) < impression.getEventTime()) {
                before++;
            }
            List<String> expected = items.subList(Math.max(0, before - 20), before);
            List<String> actual =
                    impression.getSequences().get(SyntheticGenerator.CLICKED_SEQUENCE);
            assertThat(actual)
                    .as(
                            "sequence of %s at %d",
                            impression.getImpressionId(), impression.getEventTime())
                    .isEqualTo(expected);
            full += actual.size() == 20 ? 1 : 0;
        }
        assertThat(full).as("impressions whose sequence is full").isGreaterThan(1000);
    }

    @Test
    void delaysAreRealWorldDelaysDividedByTheCompression() {
        // Defaults: click median 3 s and conversion median 30 min, real-world, compressed 60x.
        assertThat(median(facts.clickDelays)).isCloseTo(50.0, within(5.0));
        assertThat(median(facts.conversionDelays)).isCloseTo(30_000.0, within(3_000.0));
        assertThat(Collections.max(facts.conversionDelays))
                .isLessThanOrEqualTo(24 * 3_600_000L / 60 + 1);

        SyntheticConfig uncompressed = SyntheticConfig.builder().timeCompression(1.0).build();
        StreamFacts slow = StreamFacts.of(new SyntheticGenerator(uncompressed).events(20_000));
        assertThat(median(slow.clickDelays)).isCloseTo(3_000.0, within(300.0));
        assertThat(slow.problems).isEmpty();
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void streamsAreUnboundedOrBoundedByCountOrEventTime() {
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticConfig.defaults());
        Iterator<StreamEvent> unbounded = generator.events();
        assertThat(take(unbounded, 50_000)).hasSize(50_000);
        assertThat(unbounded.hasNext()).isTrue();

        // 10 s of event time at 1000 impressions per second, then the remaining feedback.
        long start = SyntheticConfig.DEFAULT_START_EPOCH_MILLIS;
        StreamFacts span = StreamFacts.of(generator.events(Duration.ofSeconds(10)));
        assertThat(span.problems).isEmpty();
        assertThat(span.impressions)
                .hasSizeBetween(9_500, 10_500)
                .allSatisfy(e -> assertThat(e.eventTime()).isBetween(start, start + 9_999));
        assertThat(span.lastEventTime).isGreaterThan(start + 10_000); // drained delayed conversions

        Iterator<StreamEvent> empty = generator.events(0);
        assertThat(empty.hasNext()).isFalse();
        assertThatThrownBy(empty::next).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> generator.events(-1)).hasMessageContaining("maxImpressions");
    }

    @Test
    void namesTheFlowsThatArePureNoise() {
        assertThat(SyntheticGenerator.noiseFlows())
                .containsExactly(
                        Map.entry("feed/click", EffectGroup.TASK_SPECIFIC),
                        Map.entry("search/click", EffectGroup.SHARED),
                        Map.entry("detail/conversion", EffectGroup.SCENARIO_SPECIFIC));
        assertThat(SPACE.scenarios()).containsExactly("feed", "search", "detail");
        assertThat(SPACE.tasks()).containsExactly("click", "conversion");
    }
}
