package dev.flowrec.data.movielens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.data.stream.EventStreamContract;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.stream.StreamEvent.FeedbackEvent;
import dev.flowrec.data.stream.StreamEvent.ImpressionEvent;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay of timestamped ratings as impressions and delayed feedback. */
class MovieLensReplayTest {
    @TempDir Path root;

    /** Fixed delays (10 s click, 20 s like) so every event time can be worked out by hand. */
    private static final ReplayConfig FIXED =
            ReplayConfig.defaults()
                    .withDelays(Duration.ofSeconds(10), Duration.ofSeconds(20), 0.0)
                    .withSequenceLength(2);

    @Test
    void tinyReplayIsTheHandWorkedStream() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        List<String> events = new ArrayList<>();
        new MovieLensReplay(data, FIXED).events().forEachRemaining(e -> events.add(describe(e)));

        // Users 3-5 have no timestamps. Row 2's impression at 110 s comes before row 0's click at
        // the same millisecond, so that click is not yet in its sequence; row 4 sees user 2's
        // click on movie 2 from row 3. Feedback at the same time keeps its scheduling order.
        assertThat(events)
                .containsExactly(
                        "impression ml1m-3 50000 user 2 movie 2 scenario 2 clicked [] liked []",
                        "feedback ml1m-3 click 60000",
                        "impression ml1m-0 100000 user 1 movie 3 scenario 0 clicked [] liked []",
                        "impression ml1m-1 100000 user 1 movie 1 scenario 0 clicked [] liked []",
                        "impression ml1m-2 110000 user 1 movie 2 scenario 0 clicked [] liked []",
                        "feedback ml1m-0 click 110000",
                        "feedback ml1m-0 like 120000",
                        "feedback ml1m-2 click 120000",
                        "impression ml1m-4 200000 user 2 movie 3 scenario 2 clicked [2] liked []");
    }

    @Test
    void impressionsCarryTheJoinedFeaturesAndFinalLabels() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensReplay replay = new MovieLensReplay(data, FIXED);
        ImpressionEvent first = (ImpressionEvent) replay.events(1).next();

        assertThat(first.impression().getImpressionId()).isEqualTo(MovieLensReplay.impressionId(3));
        assertThat(first.impression().getCategorical())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "gender",
                                "M",
                                "age",
                                "56",
                                "occupation",
                                "16",
                                "zip",
                                "70072",
                                "cate_id",
                                "Drama"));
        assertThat(first.impression().getNumeric()).isEmpty();
        assertThat(first.finalLabel(MovieLens1m.TASKS.indexOf("click"))).isEqualTo(1);
        assertThat(first.finalLabel(MovieLens1m.TASKS.indexOf("like"))).isZero();
        assertThat(first.hasTrueProbabilities()).isFalse();
        assertThatThrownBy(() -> first.trueProbability(0))
                .hasMessageContaining("does not know the true probabilities of impression ml1m-3");
        assertThat(MovieLensVocabulary.of(data).encode(first.impression()))
                .containsExactly(MovieLensVocabulary.of(data).encode(3));
        assertThat(replay.impressionCount()).isEqualTo(5);
        assertThat(replay.description().jobSettings())
                .containsEntry("labels.scenarios", "0,1,2")
                .containsEntry("labels.tasks", "click,like")
                .containsEntry("model.categorical-features", "gender,age,occupation,zip,cate_id")
                .doesNotContainKey("model.numeric-features");
        assertThat(replay.description().sequenceSettings())
                .containsEntry("model.sequence-features", "clicked,liked")
                .containsEntry("model.sequence-length", "2");
    }

    @Test
    void withoutSequencesAndWithAPrefix() throws IOException {
        MovieLens1m data = MovieLens1m.load(MovieLensFixture.writeTiny(root));
        MovieLensReplay replay = new MovieLensReplay(data, FIXED.withSequenceLength(0));
        List<StreamEvent> events = new ArrayList<>();
        replay.events(2).forEachRemaining(events::add);

        // two impressions and the feedback of both, nothing of later impressions
        assertThat(events)
                .extracting(MovieLensReplayTest::describeShort)
                .containsExactly(
                        "impression ml1m-3",
                        "feedback ml1m-3 click",
                        "impression ml1m-0",
                        "feedback ml1m-0 click",
                        "feedback ml1m-0 like");
        assertThat(((ImpressionEvent) events.get(0)).impression().getSequences()).isEmpty();
        assertThatThrownBy(() -> replay.events(-1)).hasMessageContaining("got -1");
    }

    @Test
    void theTinyReplayKeepsTheEventStreamContract() throws IOException {
        MovieLensReplay replay =
                new MovieLensReplay(MovieLens1m.load(MovieLensFixture.writeTiny(root)), FIXED);

        assertThat(replay.name()).isEqualTo("movielens-1m");
        assertThat(EventStreamContract.check(replay, replay.impressionCount())).hasSize(9);
    }

    /** On the real data: skipped, saying why, where ../shared/data is absent. */
    @Test
    void theFullReplayKeepsTheEventStreamContractOnItsFirstImpressions() {
        MovieLensReplay replay =
                new MovieLensReplay(MovieLensFixture.data(), ReplayConfig.defaults());

        EventStreamContract.check(replay, 20_000);
        assertThat(replay.description().labelWindows().attributionMillis())
                .containsExactly(86_400_000L, 2 * 86_400_000L);
    }

    @Test
    void configChecksNameTheParameter() {
        ReplayConfig d = ReplayConfig.defaults();
        assertThatThrownBy(() -> d.withDelays(Duration.ZERO, Duration.ofSeconds(1), 1))
                .hasMessageContaining("clickDelay must be positive, got PT0S");
        assertThatThrownBy(() -> d.withDelays(Duration.ofSeconds(1), Duration.ofSeconds(1), -1))
                .hasMessageContaining("delaySigma must be in [0, 5.0], got -1.0");
        assertThatThrownBy(() -> d.withSequenceLength(1001))
                .hasMessageContaining("sequenceLength must be in [0, 1000], got 1001");
    }

    /**
     * The full replay with the default random delays: every timestamped rating once, in time order,
     * each feedback strictly after its impression, and every sequence exactly the latest feedback
     * the stream delivered before the impression.
     */
    @Test
    void fullReplayIsOrderedCompleteAndLeakFree() {
        MovieLens1m data = MovieLensFixture.data();
        ReplayConfig config = ReplayConfig.defaults();
        MovieLensReplay replay = new MovieLensReplay(data, config);
        int n = config.sequenceLength();

        Map<String, Long> impressionTimes = new HashMap<>();
        Map<String, List<String>> delivered = new HashMap<>(); // "<task>/<user>" -> movie ids
        long previous = Long.MIN_VALUE;
        int impressions = 0;
        int clicks = 0;
        int likes = 0;
        int problems = 0;
        String firstProblem = null;
        Iterator<StreamEvent> events = replay.events();
        while (events.hasNext()) {
            StreamEvent event = events.next();
            String problem = null;
            if (event.eventTime() < previous) {
                problem = "out of time order";
            }
            previous = event.eventTime();
            if (event instanceof ImpressionEvent e) {
                impressions++;
                Impression impression = e.impression();
                impressionTimes.put(impression.getImpressionId(), impression.getEventTime());
                for (String task : List.of("click", "like")) {
                    List<String> all =
                            delivered.getOrDefault(task + "/" + impression.getUserId(), List.of());
                    List<String> expected = all.subList(Math.max(0, all.size() - n), all.size());
                    String key = task.equals("click") ? "clicked" : "liked";
                    if (!impression.getSequences().get(key).equals(expected)) {
                        problem = key + " sequence " + impression.getSequences().get(key);
                    }
                }
            } else {
                Feedback feedback = ((FeedbackEvent) event).feedback();
                Long shown = impressionTimes.get(feedback.getImpressionId());
                if (shown == null || feedback.getEventTime() <= shown) {
                    problem = "feedback not strictly after its impression";
                }
                int row = Integer.parseInt(feedback.getImpressionId().substring(5));
                String user = Integer.toString(data.userId(row));
                delivered
                        .computeIfAbsent(feedback.getTask() + "/" + user, k -> new ArrayList<>())
                        .add(Integer.toString(data.movieId(row)));
                clicks += feedback.getTask().equals("click") ? 1 : 0;
                likes += feedback.getTask().equals("like") ? 1 : 0;
            }
            if (problem != null && problems++ == 0) {
                firstProblem = problem + " at " + event;
            }
        }
        assertThat(problems).as("first problem: %s", firstProblem).isZero();
        assertThat(impressions).isEqualTo(487_650).isEqualTo(replay.impressionCount());
        assertThat(impressionTimes).hasSize(487_650);
        int expectedClicks = 0;
        int expectedLikes = 0;
        for (int row = 0; row < data.rowCount(); row++) {
            if (data.hasTimestamp(row)) {
                expectedClicks += data.click(row) ? 1 : 0;
                expectedLikes += data.like(row) ? 1 : 0;
            }
        }
        assertThat(clicks).isEqualTo(expectedClicks);
        assertThat(likes).isEqualTo(expectedLikes);
    }

    private static String describe(StreamEvent event) {
        if (event instanceof ImpressionEvent e) {
            Impression i = e.impression();
            return String.format(
                    "impression %s %d user %s movie %s scenario %s clicked %s liked %s",
                    i.getImpressionId(),
                    i.getEventTime(),
                    i.getUserId(),
                    i.getItemId(),
                    i.getScenario(),
                    i.getSequences().get("clicked"),
                    i.getSequences().get("liked"));
        }
        Feedback f = ((FeedbackEvent) event).feedback();
        return String.format(
                "feedback %s %s %d", f.getImpressionId(), f.getTask(), f.getEventTime());
    }

    private static String describeShort(StreamEvent event) {
        if (event instanceof ImpressionEvent e) {
            return "impression " + e.impression().getImpressionId();
        }
        Feedback f = ((FeedbackEvent) event).feedback();
        return "feedback " + f.getImpressionId() + " " + f.getTask();
    }
}
