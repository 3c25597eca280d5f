package dev.flowrec.bench.delayedfeedback;

import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.label.LabelWindows;
import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensReplay;
import dev.flowrec.data.movielens.ReplayConfig;
import dev.flowrec.data.stream.EventStream;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A B3 stream: impressions with their true final labels and feedback with known delays, described
 * by the data set together with the label windows that suit its delays and the job settings of its
 * features.
 *
 * @param protocol how the stream is made, for the report
 */
record DelayedStream(String protocol, EventStream stream) {

    String name() {
        return stream.name();
    }

    ScenarioTaskSpace space() {
        return stream.description().space();
    }

    LabelWindows windows() {
        return stream.description().labelWindows();
    }

    Map<String, String> settings() {
        return stream.description().jobSettings();
    }

    /**
     * The synthetic generator (500 users, 200 items, so that a small model learns it within the
     * stream) at 4 impressions per event-time second with time compressed 60 times: conversions a
     * median 30 s (event time) after the click, capped at 1,440 s. Windows as the generator
     * describes them: click C=1 s W=10 s; conversion C=60 s (a simulated hour), W=1,500 s (past the
     * cap).
     */
    static DelayedStream synthetic() {
        SyntheticConfig config =
                SyntheticConfig.builder().users(500).items(200).impressionsPerSecond(4).build();
        return new DelayedStream(
                "synthetic generator (seed 42, 500 users, 200 items), 4 impressions/s of event"
                    + " time, time compression 60; conversion delay log-normal median 30 min real"
                    + " (30 s event), sigma 1.5, cap 24 h",
                new SyntheticGenerator(config));
    }

    /**
     * MovieLens-1M ratings in timestamp order with synthetic delays: click (rating > 3) a median 30
     * min after the rating, like (rating > 4) a median 3 h after, log-normal sigma 1.2 (about 18%
     * of each within its C). Windows as the replay describes them: click C=10 min W=1 day; like C=1
     * h W=2 days (about 1% of likes come later and are dead-lettered as late, as in production).
     */
    static DelayedStream movieLens(Path data) throws IOException {
        MovieLens1m ml = MovieLens1m.load(data);
        ReplayConfig config =
                ReplayConfig.defaults()
                        .withDelays(Duration.ofMinutes(30), Duration.ofHours(3), 1.2)
                        .withSequenceLength(0);
        return new DelayedStream(
                "MovieLens-1M ratings in timestamp order as impressions (the first N), click ="
                        + " rating > 3 after a log-normal delay (median 30 min), like = rating > 4"
                        + " (median 3 h), sigma 1.2",
                new MovieLensReplay(ml, config));
    }
}
