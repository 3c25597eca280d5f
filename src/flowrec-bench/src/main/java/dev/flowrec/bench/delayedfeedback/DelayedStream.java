package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensReplay;
import dev.flowrec.data.movielens.ReplayConfig;
import dev.flowrec.data.movielens.ReplayEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticEvent;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A B3 stream: impressions with their true final labels and feedback with known delays, the label
 * windows that suit its delays, and the job settings describing its features.
 */
record B3Dataset(String name, String protocol, ScenarioTaskSpace space, Map<String, String> settings,
        LabelWindows windows, Function<Integer, Iterator<StreamEvent>> events) {

    /**
     * The synthetic generator (500 users, 200 items, so that a small model learns it within the
     * stream) at 4 impressions per event-time second with time compressed 60
     * times: conversions a median 30 s (event time) after the click, capped at 1,440 s. Click C=1 s
     * W=10 s; conversion C=60 s (a simulated hour), W=1,500 s (past the cap).
     */
    static B3Dataset synthetic() {
        SyntheticConfig config = SyntheticConfig.builder().users(500).items(200).impressionsPerSecond(4).build();
        List<String> tasks = SyntheticGenerator.TASKS;
        LabelWindows windows = LabelWindows.of(tasks,
                Map.of("click", Duration.ofSeconds(1), "conversion", Duration.ofSeconds(60)),
                Map.of("click", Duration.ofSeconds(10), "conversion", Duration.ofSeconds(1_500)));
        return new B3Dataset("synthetic", "synthetic generator (seed 42, 500 users, 200 items), 4 impressions/s of event time, time "
                + "compression 60; conversion delay log-normal median 30 min real (30 s event), sigma 1.5, cap 24 h",
                SyntheticGenerator.space(), SyntheticGenerator.jobSettings(), windows,
                n -> map(new SyntheticGenerator(config).events(n), e -> e instanceof SyntheticEvent.ImpressionEvent i
                        ? new StreamEvent.Arrival(i.impression(), tasks.stream().mapToInt(i::finalLabel).toArray())
                        : new StreamEvent.Reply(((SyntheticEvent.FeedbackEvent) e).feedback())));
    }

    /**
     * MovieLens-1M ratings in timestamp order with synthetic delays: click (rating > 3) a median
     * 30 min after the rating, like (rating > 4) a median 3 h after, log-normal sigma 1.2 (about
     * 18% of each within its C). Click C=10 min W=1 day; like C=1 h W=2 days (about 1% of likes
     * come later and are dead-lettered as late, as in production).
     */
    static B3Dataset movieLens(Path data) throws IOException {
        MovieLens1m ml = MovieLens1m.load(data);
        ReplayConfig config = ReplayConfig.defaults().withDelays(Duration.ofMinutes(30), Duration.ofHours(3), 1.2)
                .withSequenceLength(0);
        List<String> tasks = MovieLens1m.TASKS;
        LabelWindows windows = LabelWindows.of(tasks,
                Map.of("click", Duration.ofMinutes(10), "like", Duration.ofHours(1)),
                Map.of("click", Duration.ofDays(1), "like", Duration.ofDays(2)));
        return new B3Dataset("movielens-1m", "MovieLens-1M ratings in timestamp order as impressions (the first N), "
                + "click = rating > 3 after a log-normal delay (median 30 min), like = rating > 4 (median 3 h), sigma 1.2",
                MovieLens1m.SPACE, MovieLensReplay.jobSettings(), windows,
                n -> map(new MovieLensReplay(ml, config).events(n), e -> e instanceof ReplayEvent.ImpressionEvent i
                        ? new StreamEvent.Arrival(i.impression(), tasks.stream().mapToInt(i::finalLabel).toArray())
                        : new StreamEvent.Reply(((ReplayEvent.FeedbackEvent) e).feedback())));
    }

    private static <T> Iterator<StreamEvent> map(Iterator<T> in, Function<T, StreamEvent> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public StreamEvent next() {
                return f.apply(in.next());
            }
        };
    }
}
