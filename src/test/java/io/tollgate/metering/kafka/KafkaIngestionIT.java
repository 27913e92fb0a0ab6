package io.tollgate.metering.kafka;

import static io.tollgate.metering.kafka.KafkaBroker.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tollgate.it.IntegrationTest;
import io.tollgate.metering.MeteringService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage records from a real (in-process KRaft) Kafka broker into the real metering service and
 * PostgreSQL: the wiring behind {@code tollgate.kafka.enabled}, accepted records as usage lines,
 * and the dead-letter topic for the records that can never be accepted.
 */
class KafkaIngestionIT extends IntegrationTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Autowired
    MeteringService metering;
    @Autowired
    JsonMapper json;
    @Autowired
    ApplicationContext application;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withUserConfiguration(KafkaIngestionConfiguration.class)
                .withBean(MeteringService.class, () -> metering)
                .withBean(JsonMapper.class, () -> json);
    }

    @Test
    void offUnlessEnabled() {
        assertThat(application.getBeanProvider(KafkaUsageIngestion.class).getIfAvailable()).isNull();
        runner().run(context -> assertThat(context).doesNotHaveBean(KafkaUsageIngestion.class));
        runner().withPropertyValues("tollgate.kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KafkaUsageIngestion.class));
    }

    @Test
    void recordsOnTheTopicBecomeAcceptedUsageLinesThroughTheConfiguredConsumer() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 4);
        KafkaBroker.Topics topics = BROKER.newTopics();
        BROKER.send(world.messages(topics.usage(), 0, 200));

        runner().withPropertyValues("tollgate.kafka.enabled=true", "tollgate.kafka.topic=" + topics.usage(),
                "tollgate.kafka.dlq-topic=" + topics.dlq(), "tollgate.kafka.group-id=" + topics.group(),
                "spring.kafka.bootstrap-servers=" + BROKER.bootstrapServers()).run(context -> {
            assertThat(context).hasSingleBean(KafkaUsageIngestion.class);
            KafkaUsageIngestion ingestion = context.getBean(KafkaUsageIngestion.class);
            assertThat(ingestion.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> BROKER.committedAll(topics));

            world.assertCountedOnce(200);
            assertThat(ingestion.totals().accepted()).isEqualTo(200);
            assertThat(ingestion.totals().duplicates() + ingestion.totals().deadLettered()).isZero();
        });
        // 250 calls = 0.25 units at 0.50 CNY: 0.125 a record, on the line of the record's customer and resource.
        UsageWorld.Customer c = world.customerOf(7);
        Map<String, Object> line = jdbc.queryForMap("select customer_id, resource_id, meter, amount, attributes::text "
                + "as attributes from metering_usage_line where record_id = ?", world.recordId(7));
        assertThat(line).containsEntry("customer_id", c.id()).containsEntry("resource_id", c.resourceId())
                .containsEntry("meter", world.meter);
        assertThat((BigDecimal) line.get("amount")).isEqualByComparingTo("0.125");
        assertThat((String) line.get("attributes")).contains("\"endpointId\": \"ep-1\"");
        assertThat(BROKER.readAll(topics.dlq(), 0)).isEmpty();
    }

    @Test
    void malformedAndRefusedRecordsGoToTheDeadLetterTopicWithTheirCodeAndTheValidOnesAreAccepted() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 2);
        KafkaBroker.Topics topics = BROKER.newTopics();
        // All on one partition, in this order, so that they arrive in one poll: three valid records among them.
        List<Bad> bad = List.of(
                new Bad("malformed-record", "{\"recordId\": \"oops".getBytes(StandardCharsets.UTF_8)),
                new Bad("malformed-record", json.writeValueAsBytes(List.of(world.fields(20)))),
                new Bad("malformed-record", null),
                new Bad("negative-quantity", world.json(with(world.fields(22), "quantity", "-5"))),
                new Bad("window-end-before-start", world.json(with(world.fields(24), "windowEnd",
                        world.windowStart.minusSeconds(60).toString()))),
                new Bad("unknown-meter-for-resource", world.json(with(world.fields(26), "meter", world.volumeMeter))),
                new Bad("missing-field", world.json(with(world.fields(28), "resourceId", null))),
                new Bad("unknown-customer", world.json(with(world.fields(30), "customerId", "nobody-at-all"))),
                new Bad("unknown-resource", world.json(with(world.fields(32), "resourceId", "no-such-resource"))),
                new Bad("invalid-record-id", world.json(with(world.fields(34), "recordId", "not a valid id!"))),
                new Bad("record-id-reused", world.json(with(world.fields(0), "quantity", "999"))));
        List<ProducerRecord<String, byte[]>> messages = new ArrayList<>();
        messages.add(world.message(topics.usage(), 0));
        bad.forEach(b -> messages.add(world.message(topics.usage(), 2, b.value())));
        messages.add(world.message(topics.usage(), 2));
        messages.add(world.message(topics.usage(), 4));
        messages.forEach(m -> m.headers().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8)));
        BROKER.send(messages);

        List<UsageBatchIngester.Result> batches = new CopyOnWriteArrayList<>();
        KafkaUsageIngestion ingestion = BROKER.ingestion(topics, 2000, metering::ingest, json,
                (offsets, result) -> batches.add(result));
        ingestion.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> BROKER.committedAll(topics));

        assertThat(world.storedRecords()).isEqualTo(3);
        assertThat(world.lines()).containsExactly(3, 3);
        assertThat(ingestion.totals().accepted()).isEqualTo(3);
        assertThat(ingestion.totals().deadLettered()).isEqualTo(bad.size());
        assertThat(batches).anyMatch(b -> b.accepted() > 0 && b.deadLettered() > 0);

        List<ConsumerRecord<byte[], byte[]>> letters = BROKER.readAll(topics.dlq(), bad.size());
        assertThat(letters).hasSize(bad.size());
        Map<Long, ConsumerRecord<byte[], byte[]>> bySourceOffset = new HashMap<>();
        letters.forEach(l -> bySourceOffset.put(Long.parseLong(header(l, DeadLetterTopic.SOURCE_OFFSET)), l));
        long offset = 1; // the first message (offset 0) is valid
        for (Bad b : bad) {
            ConsumerRecord<byte[], byte[]> letter = bySourceOffset.get(offset++);
            assertThat(letter).as(b.code()).isNotNull();
            assertThat(header(letter, DeadLetterTopic.CODE)).isEqualTo(b.code());
            assertThat(header(letter, DeadLetterTopic.DETAIL)).isNotBlank();
            assertThat(header(letter, DeadLetterTopic.SOURCE_TOPIC)).isEqualTo(topics.usage());
            assertThat(header(letter, DeadLetterTopic.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(letter, "trace-id")).isEqualTo("t-1");
            assertThat(letter.value()).isEqualTo(b.value());
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(world.customerOf(0).id());
        }
        assertThat(header(bySourceOffset.get((long) bad.size()), DeadLetterTopic.RECORD_ID)).isEqualTo(world.recordId(0));
    }

    /** A message that can never be accepted, and the code it must carry to the dead-letter topic. */
    private record Bad(String code, byte[] value) {
    }

    private static Map<String, Object> with(Map<String, Object> fields, String name, Object value) {
        if (value == null) {
            fields.remove(name);
        } else {
            fields.put(name, value);
        }
        return fields;
    }
}
