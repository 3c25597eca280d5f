package dev.flowrec.cli.demo;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.core.metrics.OnlineEvaluator;
import dev.flowrec.data.synthetic.SyntheticEvent;
import dev.flowrec.data.synthetic.SyntheticGenerator;
import dev.flowrec.events.Feedback;
import dev.flowrec.events.Impression;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the synthetic stream into Kafka in real time: each event is sent when the wall clock
 * reaches its event time, as a live surface would. Keeps the Bayes-optimal metrics (true
 * probabilities against final labels) and, every {@code badEvery} impressions, injects three bad
 * records (undecodable bytes, an unknown scenario, an unknown task) so the dead-letter path is
 * exercised.
 */
final class SyntheticProducer implements Runnable {
    private final String bootstrap;
    private final String impressionsTopic;
    private final String feedbackTopic;
    private final Iterator<SyntheticEvent> events;
    private final int badEvery;
    private final OnlineEvaluator bayes = new OnlineEvaluator(SyntheticGenerator.space());
    private final EventCodec<Impression> impressions = EventCodec.of(Impression.class);
    private final EventCodec<Feedback> feedback = EventCodec.of(Feedback.class);
    final AtomicLong impressionsSent = new AtomicLong();
    final AtomicLong feedbackSent = new AtomicLong();
    final AtomicLong badSent = new AtomicLong();
    final AtomicLong newestEventTime = new AtomicLong();
    private volatile boolean stopped;

    SyntheticProducer(String bootstrap, String impressionsTopic, String feedbackTopic, Iterator<SyntheticEvent> events,
            int badEvery) {
        this.bootstrap = bootstrap;
        this.impressionsTopic = impressionsTopic;
        this.feedbackTopic = feedbackTopic;
        this.events = events;
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
                SyntheticEvent event = events.next();
                waitUntil(event.eventTime());
                if (event instanceof SyntheticEvent.ImpressionEvent ie) {
                    send(producer, impressionsTopic, ie.impression().getImpressionId(), impressions.encode(ie.impression()));
                    record(ie);
                    long n = impressionsSent.incrementAndGet();
                    if (badEvery > 0 && n % badEvery == 0) {
                        injectBadRecords(producer, ie.impression());
                    }
                } else if (event instanceof SyntheticEvent.FeedbackEvent fe) {
                    send(producer, feedbackTopic, fe.feedback().getImpressionId(), feedback.encode(fe.feedback()));
                    feedbackSent.incrementAndGet();
                }
                newestEventTime.accumulateAndGet(event.eventTime(), Math::max);
            }
        }
    }

    private synchronized void record(SyntheticEvent.ImpressionEvent ie) {
        int scenario = SyntheticGenerator.SCENARIOS.indexOf(ie.impression().getScenario());
        for (int t = 0; t < SyntheticGenerator.TASKS.size(); t++) {
            String task = SyntheticGenerator.TASKS.get(t);
            bayes.record(scenario, t, ie.trueProbability(task), ie.finalLabel(task));
        }
    }

    private void injectBadRecords(KafkaProducer<byte[], byte[]> producer, Impression template) {
        send(producer, impressionsTopic, "garbage-" + badSent.get(), "not an avro record".getBytes(StandardCharsets.UTF_8));
        send(producer, impressionsTopic, "bad-scenario-" + badSent.get(), impressions.encode(
                Impression.newBuilder(template).setImpressionId("bad-scenario-" + badSent.get()).setScenario("checkout").build()));
        send(producer, feedbackTopic, template.getImpressionId(), feedback.encode(Feedback.newBuilder()
                .setImpressionId(template.getImpressionId()).setTask("like").setEventTime(template.getEventTime()).build()));
        badSent.addAndGet(3);
    }

    private void waitUntil(long eventTime) {
        long ahead = eventTime - System.currentTimeMillis();
        if (ahead > 2) {
            try {
                Thread.sleep(ahead);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}
