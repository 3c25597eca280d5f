package dev.flowrec.data.synthetic;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.data.stream.EventStream;
import dev.flowrec.data.stream.StreamDescription;
import dev.flowrec.data.stream.StreamEvent;
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
 * Iterator<StreamEvent> events = generator.events(200_000);
 * while (events.hasNext()) {
 *     StreamEvent event = events.next();
 *     if (event instanceof StreamEvent.ImpressionEvent e) {
 *         publish(e.impression());
 *     } else if (event instanceof StreamEvent.FeedbackEvent f) {
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
public final class SyntheticGenerator implements EventStream {
    /** The data set's name, as {@code --dataset} takes it. */
    public static final String NAME = "synthetic";

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

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Scenarios, tasks, the categorical and numeric features, the {@code clicked} sequence when the
     * configuration keeps one, and label windows that cover the delays: click C 1 min, W 10 min;
     * conversion C 1 h, W 25 h (past the 24 h cap plus the click delay), all real-world and
     * compressed like the delays (at the default 60: 1 s, 10 s, 60 s, 1,500 s).
     */
    @Override
    public StreamDescription description() {
        List<String> sequences =
                config.sequenceLength() == 0 ? List.of() : List.of(CLICKED_SEQUENCE);
        return new StreamDescription(
                SPACE,
                CATEGORICAL_FEATURES,
                NUMERIC_FEATURES,
                sequences,
                config.sequenceLength(),
                Map.of(
                        CLICK,
                        compressed(Duration.ofMinutes(1)),
                        CONVERSION,
                        compressed(Duration.ofHours(1))),
                Map.of(
                        CLICK,
                        compressed(Duration.ofMinutes(10)),
                        CONVERSION,
                        compressed(Duration.ofHours(25))),
                true);
    }

    private Duration compressed(Duration real) {
        return Duration.ofMillis(Math.max(1L, Math.round(config.compress(real.toMillis()))));
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
    @Override
    public Iterator<StreamEvent> events() {
        return new SyntheticEventIterator(config, world, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * The first {@code maxImpressions} impressions, followed by the rest of their feedback.
     *
     * @throws IllegalArgumentException if {@code maxImpressions} is negative
     */
    @Override
    public Iterator<StreamEvent> events(long maxImpressions) {
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
    public Iterator<StreamEvent> events(Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException(String.format("span must be >= 0, got %s", span));
        }
        long end = Math.addExact(config.startEpochMillis(), span.toMillis());
        return new SyntheticEventIterator(config, world, Long.MAX_VALUE, end);
    }

    /** {@link #events(long)} as an ordered, sequential stream. */
    public Stream<StreamEvent> stream(long maxImpressions) {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(
                        events(maxImpressions), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }
}
