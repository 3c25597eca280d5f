package dev.flowrec.cli.demo;

import dev.flowrec.data.movielens.MovieLens1m;
import dev.flowrec.data.movielens.MovieLensReplay;
import dev.flowrec.data.movielens.ReplayConfig;
import dev.flowrec.data.stream.EventStream;
import dev.flowrec.data.stream.StreamDescription;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Impression;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the demo replays: a data set's stream, how fast, the description the job is configured from,
 * and the impressions the serving subscriber scores at every new version.
 *
 * @param title the data set's name as the report's prose writes it
 */
record DemoDataset(
        EventStream stream,
        StreamDescription description,
        Pacing pacing,
        List<Impression> probes,
        String title) {
    /** Names {@code --dataset} accepts. */
    static final List<String> NAMES = List.of(SyntheticGenerator.NAME, MovieLensReplay.NAME);

    /** The first impressions come this long after the start, once the job is up. */
    private static final long LEAD_MILLIS = 2000;

    /**
     * The synthetic generator on the wall clock. Its label windows are shortened (click C 5 s, W 20
     * s; conversion C 30 s, W 90 s) so that final labels, which wait for the attribution window,
     * arrive within a few-minute demo. The probes come from a second world ({@code seed + 1}).
     */
    static DemoDataset synthetic(long seed, int users, int items, double rate) {
        SyntheticGenerator generator =
                new SyntheticGenerator(
                        SyntheticConfig.builder()
                                .seed(seed)
                                .users(users)
                                .items(items)
                                .impressionsPerSecond(rate)
                                .startEpochMillis(System.currentTimeMillis() + LEAD_MILLIS)
                                .build());
        StreamDescription description =
                generator
                        .description()
                        .withWindows(
                                Map.of(
                                        SyntheticGenerator.CLICK,
                                        Duration.ofSeconds(5),
                                        SyntheticGenerator.CONVERSION,
                                        Duration.ofSeconds(30)),
                                Map.of(
                                        SyntheticGenerator.CLICK,
                                        Duration.ofSeconds(20),
                                        SyntheticGenerator.CONVERSION,
                                        Duration.ofSeconds(90)));
        List<Impression> probes =
                impressions(
                        new SyntheticGenerator(SyntheticConfig.builder().seed(seed + 1).build())
                                .events(256));
        return new DemoDataset(generator, description, Pacing.onEventTime(), probes, "Synthetic");
    }

    /**
     * MovieLens-1M's timestamped ratings at {@code rate} impressions per second, keeping their
     * recorded event times (the label windows close in event time, as the replay describes them);
     * the probes are the stream's first impressions.
     */
    static DemoDataset movieLens(Path data, double rate) throws IOException {
        MovieLensReplay replay =
                new MovieLensReplay(MovieLens1m.load(data), ReplayConfig.defaults());
        return new DemoDataset(
                replay,
                replay.description(),
                Pacing.atRate(System.currentTimeMillis() + LEAD_MILLIS, rate),
                impressions(replay.events(256)),
                "MovieLens-1M");
    }

    private static List<Impression> impressions(Iterator<StreamEvent> events) {
        List<Impression> out = new ArrayList<>();
        events.forEachRemaining(
                e -> {
                    if (e instanceof StreamEvent.ImpressionEvent ie) {
                        out.add(ie.impression());
                    }
                });
        return out;
    }
}
