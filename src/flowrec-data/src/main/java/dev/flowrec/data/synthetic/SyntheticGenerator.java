package dev.flowrec.data.synthetic;

import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.domain.ScenarioTaskSpace;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The demo's default data set: a seeded, reproducible stream of impressions and their delayed click
 * and conversion feedback over three scenarios, in event-time order.
 *
 * <pre>{@code
 * SyntheticGenerator generator = new SyntheticGenerator(SyntheticConfig.defaults());
 * Iterator<SyntheticEvent> events = generator.events(200_000);
 * while (events.hasNext()) {
 *     SyntheticEvent event = events.next();
 *     if (event instanceof SyntheticEvent.ImpressionEvent e) {
 *         publish(e.impression());
 *     } else if (event instanceof SyntheticEvent.FeedbackEvent f) {
 *         publish(f.feedback());
 *     }
 * }
 * }</pre>
 *
 * <p>What the stream is made of: users and items with latent factors, categorical features ({@link
 * #CATEGORICAL_FEATURES}) and a price ({@link #NUMERIC_FEATURES}) that carry signal, and per
 * scenario x task a logit built from the four {@link EffectGroup}s, some of which are pure noise
 * for some cells ({@link #noiseFlows()}). Mean click rates are 6% (feed), 15% (search) and 10%
 * (detail); conversions 1.2%, 4% and 3% of impressions. A conversion only follows a click, and its
 * feedback carries the price shown as its value. Every impression carries its true probabilities
 * and final labels, so the Bayes-optimal AUC and log loss of a stream can be computed exactly.
 *
 * <p>Building the generator builds the world (about a tenth of a second at the defaults); each call
 * to {@link #events()} and its overloads starts an independent stream from the beginning, identical
 * for the same configuration. Impression ids ({@code syn-<seed hex>-<n>}) are unique within a
 * stream and stable for a seed. Generators are immutable and thread-safe; iterators are not.
 */
public final class SyntheticGenerator {
    /** Scenario names, in model order. */
    public static final List<String> SCENARIOS = List.of("feed", "search", "detail");

    /** Click task name. */
    public static final String CLICK = "click";

    /** Conversion task name. */
    public static final String CONVERSION = "conversion";

    /** Task names, in model order. */
    public static final List<String> TASKS = List.of(CLICK, CONVERSION);

    /** Keys of {@code Impression.categorical}: all carry signal. */
    public static final List<String> CATEGORICAL_FEATURES =
            List.of("user_segment", "item_category", "device");

    /** Keys of {@code Impression.numeric}: the price shown, which drives conversions. */
    public static final List<String> NUMERIC_FEATURES = List.of("price");

    /** Key of {@code Impression.sequences}: the user's latest clicked item ids, oldest first. */
    public static final String CLICKED_SEQUENCE = "clicked";

    private static final ScenarioTaskSpace SPACE = new ScenarioTaskSpace(SCENARIOS, TASKS);
    private static final Map<String, EffectGroup> NOISE_FLOWS = zeroWeightGroups();

    private final SyntheticConfig config;
    private final SyntheticWorld world;

    /** Builds the world of {@code config}; the events are drawn lazily by the iterators. */
    public SyntheticGenerator(SyntheticConfig config) {
        this.config = config;
        this.world = new SyntheticWorld(config);
    }

    /** The configuration this generator was built with. */
    public SyntheticConfig config() {
        return config;
    }

    /** The scenarios and tasks of the synthetic data. */
    public static ScenarioTaskSpace space() {
        return SPACE;
    }

    /**
     * The FlowRec options that describe this data to the job: its scenarios, tasks and model
     * features. Merge them into a job's settings so the model sees every feature the stream has.
     */
    public static Map<String, String> jobSettings() {
        return Map.of(
                LabelOptions.SCENARIOS.key(), String.join(",", SCENARIOS),
                LabelOptions.TASKS.key(), String.join(",", TASKS),
                ModelOptions.CATEGORICAL_FEATURES.key(), String.join(",", CATEGORICAL_FEATURES),
                ModelOptions.NUMERIC_FEATURES.key(), String.join(",", NUMERIC_FEATURES));
    }

    /**
     * Cells for which one effect group carries no signal at all, keyed by cell key. A model that
     * pools that flow into the cell only adds noise there, which is what flow selection is for.
     */
    public static Map<String, EffectGroup> noiseFlows() {
        return NOISE_FLOWS;
    }

    private static Map<String, EffectGroup> zeroWeightGroups() {
        Map<String, EffectGroup> map = new LinkedHashMap<>();
        EffectGroup[] groups = EffectGroup.values();
        for (int s = 0; s < SCENARIOS.size(); s++) {
            for (int t = 0; t < TASKS.size(); t++) {
                for (int g = 0; g < groups.length; g++) {
                    if (SyntheticWorld.WEIGHTS[s][t][g] == 0.0) {
                        map.put(SPACE.cellKey(s, t), groups[g]);
                    }
                }
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** An unbounded stream (its iterator always has a next event). */
    public Iterator<SyntheticEvent> events() {
        return new SyntheticEventIterator(config, world, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * The first {@code maxImpressions} impressions, followed by the rest of their feedback.
     *
     * @throws IllegalArgumentException if {@code maxImpressions} is negative
     */
    public Iterator<SyntheticEvent> events(long maxImpressions) {
        if (maxImpressions < 0) {
            throw new IllegalArgumentException(
                    String.format("maxImpressions must be >= 0, got %d", maxImpressions));
        }
        return new SyntheticEventIterator(config, world, maxImpressions, Long.MAX_VALUE);
    }

    /**
     * The impressions of the first {@code span} of event time, followed by the rest of their
     * feedback (which may fall after the span).
     *
     * @throws IllegalArgumentException if {@code span} is negative
     */
    public Iterator<SyntheticEvent> events(Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException(String.format("span must be >= 0, got %s", span));
        }
        long end = Math.addExact(config.startEpochMillis(), span.toMillis());
        return new SyntheticEventIterator(config, world, Long.MAX_VALUE, end);
    }

    /** {@link #events(long)} as an ordered, sequential stream. */
    public Stream<SyntheticEvent> stream(long maxImpressions) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        events(maxImpressions), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }
}
