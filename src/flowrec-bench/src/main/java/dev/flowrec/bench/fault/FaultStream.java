package dev.flowrec.bench.fault;

import dev.flowrec.core.batch.ExampleChecksum;
import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.data.synthetic.SyntheticConfig;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fault run's input: a synthetic stream produced on the wall clock at a steady rate, with
 * hostile records among it, and what the job must make of it: the examples it must train (count and
 * order-independent checksum of their impression ids) and the dead letters it must write. Among the
 * stream: malformed records and feedback for impressions that never come (both dead-lettered),
 * feedback sent twice (trained once) and impressions sent after their own feedback (joined as
 * usual).
 */
final class FaultStream implements Runnable {
    static final String IMPRESSIONS = "flowrec.impressions";
    static final String FEEDBACK = "flowrec.feedback";

    /** Short windows, so that most impressions' windows close while the stream still runs. */
    static final Map<String, Duration> OBSERVATION =
            Map.of("click", Duration.ofSeconds(5), "conversion", Duration.ofSeconds(30));

    static final Map<String, Duration> ATTRIBUTION =
            Map.of("click", Duration.ofSeconds(20), "conversion", Duration.ofSeconds(90));

    private final FaultPlan plan;
    private final String bootstrapServers;
    private final AtomicLong expectedExamples = new AtomicLong();
    private final AtomicLong expectedChecksum = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong badSent = new AtomicLong();
    private final AtomicLong orphanFeedback = new AtomicLong();
    private final AtomicLong duplicateFeedback = new AtomicLong();
    private final AtomicLong impressionsReordered = new AtomicLong();

    /** Every this many impressions, one is sent this much later than its place in the stream. */
    private static final int HOLD_BACK_EVERY = 25;

    private static final long HOLD_BACK_MILLIS = 800;

    /** Every this many feedback records, one is sent twice. */
    private static final int DUPLICATE_EVERY = 40;

    private record Held(long due, Impression impression) {}

    FaultStream(FaultPlan plan, String bootstrapServers) {
        this.plan = plan;
        this.bootstrapServers = bootstrapServers;
    }

    /** The job's options that describe the stream: its scenarios, tasks, features and windows. */
    Map<String, String> jobSettings() {
        return generator(0).description().withWindows(OBSERVATION, ATTRIBUTION).jobSettings();
    }

    /** An impression of this stream, for serving to score. */
    Impression sampleImpression() {
        var events = generator(0).events();
        while (true) {
            if (events.next() instanceof StreamEvent.ImpressionEvent ie) {
                return ie.impression();
            }
        }
    }

    /** The synthetic world, its events starting at this time. */
    private SyntheticGenerator generator(long startEpochMillis) {
        return new SyntheticGenerator(
                SyntheticConfig.builder()
                        .seed(plan.seed())
                        .users(100)
                        .items(50)
                        .impressionsPerSecond(plan.impressionsPerSecond())
                        .startEpochMillis(startEpochMillis)
                        .build());
    }

    long expectedExamples() {
        return expectedExamples.get();
    }

    long expectedChecksum() {
        return expectedChecksum.get();
    }

    long eventsSent() {
        return eventsSent.get();
    }

    long badSent() {
        return badSent.get();
    }

    /** Feedback for impressions that never come, keyed "orphan-N": each must be dead-lettered. */
    long orphanFeedback() {
        return orphanFeedback.get();
    }

    /** Feedback records sent a second time, which must not train twice. */
    long duplicateFeedback() {
        return duplicateFeedback.get();
    }

    /** Impressions sent late, after feedback of their own may have arrived. */
    long impressionsReordered() {
        return impressionsReordered.get();
    }

    /**
     * Produces the stream from now on, leaving out feedback beyond its attribution window (the job
     * would dead-letter it as the stream's own, and the run counts only injected dead letters); an
     * example is due for each of an impression's two observation windows and for each feedback that
     * arrives after its observation window.
     */
    @Override
    public void run() {
        EventCodec<Impression> impressions = EventCodec.of(Impression.class);
        EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
        Map<String, Long> shownAt = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long start = System.currentTimeMillis();
        long end = start + plan.stream().toMillis();
        long badEvery =
                Math.max(
                        1,
                        (long) (plan.impressionsPerSecond() * plan.stream().toSeconds())
                                / (plan.badRecords() + 1));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var events = generator(start).events();
            Deque<Held> held = new ArrayDeque<>();
            long impressionsSent = 0;
            long feedbackSent = 0;
            while (events.hasNext()) {
                StreamEvent event = events.next();
                if (event.eventTime() > end) {
                    break;
                }
                long wait = event.eventTime() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                while (!held.isEmpty() && held.peek().due() <= System.currentTimeMillis()) {
                    Impression late = held.poll().impression();
                    send(producer, IMPRESSIONS, late.getImpressionId(), impressions.encode(late));
                }
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    Impression imp = ie.impression();
                    shownAt.put(imp.getImpressionId(), imp.getEventTime());
                    expect(imp.getImpressionId(), 2);
                    if (++impressionsSent % HOLD_BACK_EVERY == 0) {
                        // Its feedback may now come first and wait for it as an orphan.
                        held.add(new Held(System.currentTimeMillis() + HOLD_BACK_MILLIS, imp));
                        impressionsReordered.incrementAndGet();
                    } else {
                        send(producer, IMPRESSIONS, imp.getImpressionId(), impressions.encode(imp));
                    }
                    if (impressionsSent % badEvery == 0 && badSent.get() < plan.badRecords()) {
                        sendBad(producer);
                        sendOrphan(producer, feedback, imp);
                    }
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    Feedback fb = fe.feedback();
                    Long shown = shownAt.get(fb.getImpressionId());
                    if (shown == null) {
                        continue;
                    }
                    long delay = Math.max(0, fb.getEventTime() - shown);
                    if (delay > ATTRIBUTION.get(fb.getTask()).toMillis()) {
                        continue;
                    }
                    if (delay > OBSERVATION.get(fb.getTask()).toMillis()) {
                        expect(fb.getImpressionId(), 1);
                    }
                    byte[] value = feedback.encode(fb);
                    send(producer, FEEDBACK, fb.getImpressionId(), value);
                    if (++feedbackSent % DUPLICATE_EVERY == 0) {
                        // A producer's retry: the job must count it once.
                        send(producer, FEEDBACK, fb.getImpressionId(), value);
                        duplicateFeedback.incrementAndGet();
                    }
                }
            }
            for (Held h : held) {
                send(
                        producer,
                        IMPRESSIONS,
                        h.impression().getImpressionId(),
                        impressions.encode(h.impression()));
            }
            while (badSent.get() < plan.badRecords()) {
                sendBad(producer);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void expect(String impressionId, int examples) {
        expectedExamples.addAndGet(examples);
        expectedChecksum.addAndGet(examples * ExampleChecksum.of(impressionId));
    }

    /** A well-formed click for an impression id that no impression has. */
    private void sendOrphan(
            KafkaProducer<byte[], byte[]> producer, EventCodec<Feedback> codec, Impression near) {
        String id = "orphan-" + orphanFeedback.getAndIncrement();
        Feedback orphan =
                Feedback.newBuilder()
                        .setImpressionId(id)
                        .setTask("click")
                        .setEventTime(near.getEventTime())
                        .build();
        send(producer, FEEDBACK, id, codec.encode(orphan));
    }

    /** Alternately text and a truncated Avro record, keyed "bad-N" so that each is found again. */
    private void sendBad(KafkaProducer<byte[], byte[]> producer) {
        long n = badSent.getAndIncrement();
        byte[] value =
                n % 2 == 0
                        ? ("not avro " + n).getBytes(StandardCharsets.UTF_8)
                        : new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xFF};
        send(producer, n % 3 == 0 ? FEEDBACK : IMPRESSIONS, "bad-" + n, value);
    }

    private void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        eventsSent.incrementAndGet();
    }
}
