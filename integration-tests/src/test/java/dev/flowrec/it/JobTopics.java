package dev.flowrec.it;

import dev.flowrec.embedded.EmbeddedKafka;
import java.util.Map;

/**
 * The four topics of one job under test, named apart from every other test's, and what the job
 * needs to find them.
 */
record JobTopics(String impressions, String feedback, String deadLetter, String snapshots) {

    static JobTopics unique() {
        return new JobTopics(
                KafkaBrokerExtension.uniqueTopic("impressions"),
                KafkaBrokerExtension.uniqueTopic("feedback"),
                KafkaBrokerExtension.uniqueTopic("dead-letter"),
                KafkaBrokerExtension.uniqueTopic("snapshots"));
    }

    /** Creates them, the event topics with this many partitions and the job's outputs with one. */
    void create(EmbeddedKafka broker, int eventPartitions) {
        broker.createTopics(eventPartitions, impressions, feedback);
        broker.createTopics(1, deadLetter, snapshots);
    }

    /** The {@code kafka.topic.*} settings naming them. */
    Map<String, String> settings() {
        return Map.of(
                "kafka.topic.impressions", impressions,
                "kafka.topic.feedback", feedback,
                "kafka.topic.dead-letter", deadLetter,
                "kafka.topic.snapshots", snapshots);
    }
}
