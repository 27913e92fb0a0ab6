package io.tollgate.metering.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka ingestion of this instance: {@code consumers} consumer threads in one consumer group
 * on the usage topic, and one producer for the dead-letter topic. Started with the application
 * context and stopped before the database goes away (each consumer finishes and commits its
 * current batch first). Several instances with the same group id share the topic's partitions.
 */
public class KafkaUsageIngestion implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaUsageIngestion.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaIngestionSettings settings;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final Function<List<UsageRecord>, List<RecordOutcome>> metering;
    private final JsonMapper json;
    private final UsageTopicConsumer.BeforeCommit beforeCommit;
    private final List<UsageTopicConsumer> consumers = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private volatile boolean running;

    /**
     * @param consumerBase the consumer settings of {@code spring.kafka.*} (bootstrap servers, security ...); the
     *                     ones the commit point depends on are set here and cannot be overridden
     * @param producerBase the producer settings of {@code spring.kafka.*}, for the dead-letter topic
     * @param metering     {@link MeteringService#ingest}: the records are durable in PostgreSQL when it returns
     */
    KafkaUsageIngestion(KafkaIngestionSettings settings, Map<String, Object> consumerBase,
                        Map<String, Object> producerBase, Function<List<UsageRecord>, List<RecordOutcome>> metering,
                        JsonMapper json, UsageTopicConsumer.BeforeCommit beforeCommit) {
        this.settings = settings;
        this.consumerConfig = consumerConfig(consumerBase, settings);
        this.producerConfig = producerConfig(producerBase, settings);
        this.metering = metering;
        this.json = json;
        this.beforeCommit = beforeCommit;
    }

    static Map<String, Object> consumerConfig(Map<String, Object> base, KafkaIngestionSettings settings) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // A new group reads the topic from its start: usage published before the first start is not skipped.
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    static Map<String, Object> producerConfig(Map<String, Object> base, KafkaIngestionSettings settings) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        int timeoutMs = (int) settings.dlqSendTimeout().toMillis();
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000) + 1_000);
        return config;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        producer = new KafkaProducer<>(producerConfig);
        DeadLetterTopic deadLetters = new DeadLetterTopic(producer, settings.dlqTopic(), settings.dlqSendTimeout());
        UsageBatchIngester ingester = new UsageBatchIngester(metering, json, deadLetters);
        for (int i = 0; i < settings.consumers(); i++) {
            UsageTopicConsumer consumer = new UsageTopicConsumer(new KafkaConsumer<>(consumerConfig), ingester, settings,
                    beforeCommit);
            consumers.add(consumer);
            Thread thread = new Thread(consumer, "tollgate-kafka-usage-" + i);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.error("Kafka usage consumer {} died", t.getName(), e));
            thread.start();
        }
        running = true;
        LOG.info("Kafka ingestion: {} consumer(s) in group {} on {}, dead letters to {}", settings.consumers(),
                settings.groupId(), settings.topic(), settings.dlqTopic());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        consumers.forEach(UsageTopicConsumer::requestStop);
        for (UsageTopicConsumer consumer : consumers) {
            try {
                if (!consumer.awaitFinished(STOP_TIMEOUT)) {
                    LOG.warn("A Kafka usage consumer did not finish within {}; its batch will be read again", STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        consumers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    List<UsageTopicConsumer> consumers() {
        return List.copyOf(consumers);
    }

    /** Counts over this instance's consumers since start. */
    UsageTopicConsumer.Totals totals() {
        UsageTopicConsumer.Totals sum = new UsageTopicConsumer.Totals(0, 0, 0, 0, 0);
        for (UsageTopicConsumer c : consumers()) {
            sum = sum.plus(c.totals());
        }
        return sum;
    }

    /** Publishes the counts as {@code tollgate.kafka.usage.records{outcome}} and {@code tollgate.kafka.usage.failed.attempts}. */
    void registerMetrics(MeterRegistry registry) {
        record Outcome(String tag, ToLongFunction<UsageTopicConsumer.Totals> count) {
        }
        for (Outcome o : List.of(new Outcome("accepted", UsageTopicConsumer.Totals::accepted),
                new Outcome("duplicate", UsageTopicConsumer.Totals::duplicates),
                new Outcome("dead-lettered", UsageTopicConsumer.Totals::deadLettered))) {
            FunctionCounter.builder("tollgate.kafka.usage.records", this, k -> o.count().applyAsLong(k.totals()))
                    .tag("outcome", o.tag()).description("usage records read from Kafka, by fate").register(registry);
        }
        FunctionCounter.builder("tollgate.kafka.usage.failed.attempts", this, k -> k.totals().failedAttempts())
                .description("batches not ingested and read again (database or dead-letter topic unavailable)")
                .register(registry);
    }
}
