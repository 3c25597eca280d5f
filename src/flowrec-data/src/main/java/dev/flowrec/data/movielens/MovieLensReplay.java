package dev.flowrec.data.movielens;

import dev.flowrec.data.stream.EventStream;
import dev.flowrec.data.stream.StreamDescription;
import dev.flowrec.data.stream.StreamEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * MovieLens-1M as an event stream for the streaming benchmarks: every timestamped rating becomes an
 * {@code Impression} at its rating time, followed by click feedback (rating > 3) and like feedback
 * (rating > 4) after synthetic delays ({@link ReplayConfig}), all in event-time order.
 *
 * <pre>{@code
 * MovieLensReplay replay = new MovieLensReplay(data, ReplayConfig.defaults());
 * Iterator<StreamEvent> events = replay.events();
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
 * <p>Only users 1 to 2999 have timestamps, so the stream holds their 487,650 ratings and no others.
 * Ratings with the same second keep their file order. Impressions carry the user and movie ids as
 * text, the scenario name, the categorical features {@link #CATEGORICAL_FEATURES} (named as the
 * {@link MovieLensVocabulary} fields, so it can encode them), no numeric features, and two
 * behaviour sequences: the user's latest clicked and liked movies whose feedback came strictly
 * before the impression. Because a sequence only holds what the stream has already delivered, it
 * never leaks a label the trainer could not have seen.
 *
 * <p>Each call to {@link #events()} starts an independent, identical stream. Replays are immutable
 * and thread-safe; iterators are not.
 */
public final class MovieLensReplay implements EventStream {
    /** The data set's name, as {@code --dataset} takes it. */
    public static final String NAME = "movielens-1m";

    /** Keys of {@code Impression.categorical}. */
    public static final List<String> CATEGORICAL_FEATURES =
            List.of("gender", "age", "occupation", "zip", "cate_id");

    /** Key of {@code Impression.sequences}: latest clicked movie ids, oldest first. */
    public static final String CLICKED_SEQUENCE = "clicked";

    /** Key of {@code Impression.sequences}: latest liked movie ids, oldest first. */
    public static final String LIKED_SEQUENCE = "liked";

    private static final String ID_PREFIX = "ml1m-";

    private final MovieLens1m data;
    private final ReplayConfig config;
    private final int[] timeOrder;

    /** Sorts the timestamped ratings by time (about 0.1 s for MovieLens-1M). */
    public MovieLensReplay(MovieLens1m data, ReplayConfig config) {
        this.data = data;
        this.config = config;
        this.timeOrder = timeOrder(data);
    }

    private static int[] timeOrder(MovieLens1m data) {
        long[] keys = new long[data.rowCount()];
        int n = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            if (data.hasTimestamp(row)) {
                // time in the high half, row in the low half: one primitive sort, ties by row
                keys[n++] = (data.timestampSeconds(row) << 32) | row;
            }
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) sorted[i];
        }
        return rows;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The age-group scenarios, tasks click and like, the categorical features, the clicked and
     * liked sequences when the configuration keeps them, and label windows for feedback delays with
     * medians up to half an hour (click) and three hours (like): click C 10 min, W 1 day; like C 1
     * h, W 2 days.
     */
    @Override
    public StreamDescription description() {
        List<String> sequences =
                config.sequenceLength() == 0
                        ? List.of()
                        : List.of(CLICKED_SEQUENCE, LIKED_SEQUENCE);
        return new StreamDescription(
                MovieLens1m.SPACE,
                CATEGORICAL_FEATURES,
                List.of(),
                sequences,
                config.sequenceLength(),
                Map.of(
                        MovieLens1m.CLICK,
                        Duration.ofMinutes(10),
                        MovieLens1m.LIKE,
                        Duration.ofHours(1)),
                Map.of(MovieLens1m.CLICK, Duration.ofDays(1), MovieLens1m.LIKE, Duration.ofDays(2)),
                false);
    }

    /** The impression id of a rating row: {@code ml1m-<row>}. */
    public static String impressionId(int row) {
        return ID_PREFIX + row;
    }

    /** Number of impressions in the full stream: the timestamped ratings. */
    public int impressionCount() {
        return timeOrder.length;
    }

    /** The whole stream: every timestamped rating, then the feedback still pending. */
    @Override
    public Iterator<StreamEvent> events() {
        return events(timeOrder.length);
    }

    /**
     * The first {@code maxImpressions} impressions in time order and all their feedback; the same
     * events as the full stream up to the last of those impressions.
     */
    @Override
    public Iterator<StreamEvent> events(long maxImpressions) {
        if (maxImpressions < 0) {
            throw new IllegalArgumentException(
                    String.format("maxImpressions must be >= 0, got %d", maxImpressions));
        }
        return new ReplayIterator(
                data, config, timeOrder, (int) Math.min(maxImpressions, timeOrder.length));
    }
}
