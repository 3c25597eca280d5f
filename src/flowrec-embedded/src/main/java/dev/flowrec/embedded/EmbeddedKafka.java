package dev.flowrec.embedded;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, built on
 * Kafka's own cluster test kit. Configured so that consumer groups and transactions (the job's
 * exactly-once sink) work on one node.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {          // 0: any free port
 *     kafka.createTopics(2, "flowrec.impressions", "flowrec.feedback");
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats and starts a broker and waits until it is ready.
     *
     * @param port the loopback port outside clients connect to, or 0 for any free port
     */
    public static EmbeddedKafka start(int port) {
        long started = System.nanoTime();
        try {
            TestKitNodes nodes =
                    new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build();
            KafkaClusterTestKit.Builder builder =
                    new KafkaClusterTestKit.Builder(nodes)
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("offsets.topic.num.partitions", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("transaction.state.log.num.partitions", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp("auto.create.topics.enable", "false");
            if (port > 0) {
                bindFixedPort(nodes, builder, port);
            }
            KafkaClusterTestKit cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = port > 0 ? "127.0.0.1:" + port : cluster.bootstrapServers();
            LOG.info(
                    "Kafka broker (KRaft) ready at {} in {} ms",
                    bootstrap,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedKafka(cluster, bootstrap);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Starting the embedded Kafka broker"
                            + (port > 0 ? " on port " + port : "")
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The test kit ignores the port in {@code listeners} and pre-binds an ephemeral one, so bind
     * the requested port ourselves and hand the socket to its socket manager (Kafka 4.2.x
     * internals; recheck on every Kafka upgrade).
     */
    @SuppressWarnings("unchecked")
    private static void bindFixedPort(
            TestKitNodes nodes, KafkaClusterTestKit.Builder builder, int port) throws Exception {
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        builder.setConfigProp(
                        "listeners",
                        broker + "://127.0.0.1:" + port + "," + controller + "://127.0.0.1:0")
                .setConfigProp("advertised.listeners", broker + "://127.0.0.1:" + port);
        Field managerField =
                KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
        managerField.setAccessible(true);
        Object manager = managerField.get(builder);
        Field socketsField = manager.getClass().getDeclaredField("sockets");
        socketsField.setAccessible(true);
        Map<Integer, Map<String, ServerSocketChannel>> sockets =
                (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager);
        int nodeId = nodes.brokerNodes().keySet().iterator().next();
        sockets.computeIfAbsent(nodeId, k -> new HashMap<>())
                .put(
                        broker,
                        ServerSocketFactory.INSTANCE.openServerSocket(
                                broker, new InetSocketAddress("127.0.0.1", port), -1, -1));
    }

    /**
     * The storage formatter prints its progress to standard output; keep the terminal for FlowRec.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(
                new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
        LOG.debug(
                "Kafka storage format: {}",
                captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics (replication 1); topics that exist already are left as they are. */
    public void createTopics(int partitions, String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, partitions, (short) 1));
            }
            for (var f : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    f.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Creating topic " + f.getKey() + " failed", e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Creating topics timed out after 30 s", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Closing the embedded Kafka broker failed", e);
        }
    }
}
