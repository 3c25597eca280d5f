package dev.flowrec.cli.demo;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.metrics.OnlineEvaluator;
import dev.flowrec.data.stream.StreamEvent;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays a data set's stream into Kafka as a live surface would, each event when its {@link
 * Pacing} says. Where the stream knows the true probabilities, keeps the Bayes-optimal metrics
 * (true probabilities against final labels); every {@code badEvery} impressions injects one record
 * of each {@link BadRecords} case, so the dead-letter path is exercised.
 */
final class StreamProducer implements Runnable {
    private final String bootstrap;
    private final String impressionsTopic;
    private final String feedbackTopic;
    private final Iterator<StreamEvent> events;
    private final Pacing pacing;
    private final int badEvery;
    private final ScenarioTaskSpace space;
    private final OnlineEvaluator bayes;
    private final EventCodec<Impression> impressions = EventCodec.of(Impression.class);
    private final EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
    final AtomicLong impressionsSent = new AtomicLong();
    final AtomicLong feedbackSent = new AtomicLong();
    final AtomicLong badSent = new AtomicLong();
    final Map<String, Long> badSentByCase = new ConcurrentSkipListMap<>();
    final AtomicLong newestEventTime = new AtomicLong();
    private volatile boolean stopped;

    StreamProducer(
            String bootstrap,
            String impressionsTopic,
            String feedbackTopic,
            Iterator<StreamEvent> events,
            Pacing pacing,
            ScenarioTaskSpace space,
            int badEvery) {
        this.bootstrap = bootstrap;
        this.impressionsTopic = impressionsTopic;
        this.feedbackTopic = feedbackTopic;
        this.events = events;
        this.pacing = pacing;
        this.space = space;
        this.bayes = new OnlineEvaluator(space);
        this.badEvery = badEvery;
    }

    void stop() {
        stopped = true;
    }

    /** A copy, safe to read while the producer runs. */
    synchronized OnlineEvaluator bayesOptimal() {
        return bayes.copy();
    }

    @Override
    public void run() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            while (!stopped && events.hasNext()) {
                StreamEvent event = events.next();
                waitUntil(pacing.sendAt(event, impressionsSent.get()));
                if (event instanceof StreamEvent.ImpressionEvent ie) {
                    send(
                            producer,
                            impressionsTopic,
                            ie.impression().getImpressionId(),
                            impressions.encode(ie.impression()));
                    record(ie);
                    long n = impressionsSent.incrementAndGet();
                    if (badEvery > 0 && n % badEvery == 0) {
                        injectBadRecords(producer, ie.impression());
                    }
                } else if (event instanceof StreamEvent.FeedbackEvent fe) {
                    send(
                            producer,
                            feedbackTopic,
                            fe.feedback().getImpressionId(),
                            feedback.encode(fe.feedback()));
                    feedbackSent.incrementAndGet();
                }
                newestEventTime.accumulateAndGet(event.eventTime(), Math::max);
            }
        }
    }

    private synchronized void record(StreamEvent.ImpressionEvent ie) {
        if (!ie.hasTrueProbabilities()) {
            return;
        }
        int scenario = space.scenarioIndex(ie.impression().getScenario());
        for (int t = 0; t < space.taskCount(); t++) {
            bayes.record(scenario, t, ie.trueProbability(t), ie.finalLabel(t));
        }
    }

    private void injectBadRecords(KafkaProducer<byte[], byte[]> producer, Impression template) {
        long round = badSent.get();
        for (BadRecords.Case c : BadRecords.of(template)) {
            send(
                    producer,
                    c.topic() == BadRecords.Topic.IMPRESSIONS ? impressionsTopic : feedbackTopic,
                    c.name() + "-" + round,
                    c.value());
            badSent.incrementAndGet();
            badSentByCase.merge(c.name(), 1L, Long::sum);
        }
    }

    private void waitUntil(long wallMillis) {
        long ahead = wallMillis - System.currentTimeMillis();
        if (ahead > 2) {
            try {
                Thread.sleep(ahead);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}
