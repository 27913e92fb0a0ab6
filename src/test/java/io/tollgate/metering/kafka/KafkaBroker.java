package io.tollgate.metering.kafka;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import tools.jackson.databind.json.JsonMapper;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft broker (spring-kafka-test) for all the Kafka tests of a run: started by
 * the first class that registers this extension, stopped when the run ends. Also the tests'
 * client side: topics, a producer, reading the dead-letter topic, the group's committed offsets.
 */
final class KafkaBroker implements BeforeAllCallback, AfterEachCallback {
    static final int PARTITIONS = 4;
    private static final List<String> NOISY_LOGGERS = List.of("org.apache.kafka", "kafka", "state.change.logger",
            "org.springframework.kafka");

    private EmbeddedKafkaKraftBroker broker;
    private final List<KafkaUsageIngestion> built = new ArrayList<>();

    /** Closed by JUnit when the root context ends, that is after the last test class. */
    private record Running(EmbeddedKafkaKraftBroker broker) implements AutoCloseable {
        @Override
        public void close() {
            broker.destroy();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot().getStore(ExtensionContext.Namespace.create(KafkaBroker.class))
                .computeIfAbsent("broker", k -> start(), Running.class).broker();
    }

    /** Stops every ingestion a test built, so that no consumer outlives its test. */
    @Override
    public void afterEach(ExtensionContext context) {
        built.forEach(KafkaUsageIngestion::stop);
        built.clear();
    }

    private static Running start() {
        quietKafkaLogs();
        EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        // No wait before the first rebalance of a new group: consumers join in milliseconds, not 3 s.
        b.brokerProperty("group.initial.rebalance.delay.ms", "0");
        b.afterPropertiesSet();
        return new Running(b);
    }

    /** Kafka logs every config and state change at INFO: keep WARN and above, now and after Spring sets up logging. */
    private static void quietKafkaLogs() {
        for (String name : NOISY_LOGGERS) {
            System.setProperty("logging.level." + name, "WARN");
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** A new topic with a unique name: every test has its own topics and group. */
    String newTopic(String prefix, int partitions) {
        String name = prefix + "." + UUID.randomUUID().toString().substring(0, 8);
        broker.addTopics(new NewTopic(name, partitions, (short) 1));
        return name;
    }

    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** Sends and waits for the broker's acknowledgements. */
    void send(List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            records.forEach(r -> acks.add(producer.send(r)));
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing test records failed", e);
        }
    }

    /** Every record of a topic, from its start, until {@code expected} have arrived (or 20 s). */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (all.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            // A little longer, to see any letter beyond the expected ones.
            consumer.poll(Duration.ofMillis(300)).forEach(all::add);
        }
        return all;
    }

    /** The group's committed offsets on the topic (empty when it never committed). */
    Map<TopicPartition, Long> committed(String group) {
        return broker.doWithAdminFunction(admin -> {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The end offset of each partition of the topic. */
    Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        return broker.doWithAdminFunction(admin -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            try {
                return admin.listOffsets(latest).all().get().entrySet().stream()
                        .filter(e -> e.getValue().offset() > 0)
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * An ingestion of this instance on the broker, not started: one consumer, polls of at most
     * {@code maxPollRecords}, short timeouts and back-off so that the tests run fast. Stopped
     * after the test.
     */
    KafkaUsageIngestion ingestion(Topics topics, int maxPollRecords, Function<List<UsageRecord>, List<RecordOutcome>> metering,
                                  JsonMapper json, UsageTopicConsumer.BeforeCommit beforeCommit) {
        KafkaIngestionSettings settings = new KafkaIngestionSettings(true, topics.usage(), topics.dlq(), topics.group(), 1,
                maxPollRecords, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10));
        Map<String, Object> base = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        KafkaUsageIngestion ingestion = new KafkaUsageIngestion(settings, base, base, metering, json, beforeCommit);
        built.add(ingestion);
        return ingestion;
    }

    /** A test's own usage topic ({@value #PARTITIONS} partitions), dead-letter topic and consumer group. */
    record Topics(String usage, String dlq, String group) {
    }

    Topics newTopics() {
        return new Topics(newTopic("usage", PARTITIONS), newTopic("usage.dlq", 1), "group-" + UUID.randomUUID());
    }

    /** Whether the group has committed, on every partition of the usage topic, the end offset. */
    boolean committedAll(Topics topics) {
        Map<TopicPartition, Long> end = endOffsets(topics.usage(), PARTITIONS);
        return !end.isEmpty() && committed(topics.group()).equals(end);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
