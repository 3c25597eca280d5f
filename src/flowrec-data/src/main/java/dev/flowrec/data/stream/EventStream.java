package dev.flowrec.data.stream;

import java.util.Iterator;

/**
 * A data set as a stream: impressions and their feedback in event-time order, and the {@link
 * StreamDescription} a job needs to learn from it. The demo's producer, the streaming benchmarks
 * and any replayer of recorded logs consume this and nothing more specific.
 *
 * <pre>{@code
 * EventStream stream = new SyntheticGenerator(SyntheticConfig.defaults());
 * FlowRecConfig config = FlowRecConfig.of(stream.description().jobSettings());
 * Iterator<StreamEvent> events = stream.events(200_000);
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
 * <p>Contract: events never go back in event time (ties keep the order they were produced in);
 * every feedback comes strictly after its impression; each call to {@code events} starts the same
 * stream again from its beginning. Streams are thread-safe; their iterators are not.
 */
public interface EventStream {
    /**
     * The data set's name as {@code --dataset} takes it, e.g. {@code synthetic} or {@code
     * movielens-1m}.
     */
    String name();

    /** Scenarios, tasks, features and label windows: what a job must be configured with. */
    StreamDescription description();

    /** The whole stream; for a generator, without end. */
    Iterator<StreamEvent> events();

    /**
     * The first {@code maxImpressions} impressions with their feedback interleaved, then the rest
     * of their feedback: the same events as {@link #events()} up to the last of those impressions.
     *
     * @throws IllegalArgumentException if {@code maxImpressions} is negative
     */
    Iterator<StreamEvent> events(long maxImpressions);
}
