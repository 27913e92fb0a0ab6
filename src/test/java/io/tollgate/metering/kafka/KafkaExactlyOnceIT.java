package io.tollgate.metering.kafka;

import static io.tollgate.metering.kafka.KafkaBroker.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tollgate.it.IntegrationTest;
import io.tollgate.metering.MeteringService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commit point on a real (in-process KRaft) broker: a consumer killed between ingest and
 * commit, a database that is down for a while, a failure after the records are durable, two
 * instances sharing the partitions, and a poison record. In every case each record is stored,
 * rated and counted in the month's usage exactly once.
 */
class KafkaExactlyOnceIT extends IntegrationTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    MeteringService metering;
    @Autowired
    JsonMapper json;

    private KafkaUsageIngestion start(KafkaBroker.Topics topics, int maxPollRecords,
                                      Function<List<UsageRecord>, List<RecordOutcome>> ingest,
                                      UsageTopicConsumer.BeforeCommit beforeCommit) {
        KafkaUsageIngestion ingestion = BROKER.ingestion(topics, maxPollRecords, ingest, json, beforeCommit);
        ingestion.start();
        return ingestion;
    }

    /** What a crash does to the consumer thread: it ends at once, and nothing after it runs. */
    private static final class Killed extends Error {
        Killed() {
            super("consumer killed between ingest and commit (test)");
        }
    }

    @Test
    void aConsumerKilledBetweenPollAndCommitLosesNothingAndCountsNothingTwice() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 6);
        KafkaBroker.Topics topics = BROKER.newTopics();
        BROKER.send(world.messages(topics.usage(), 0, 300));

        // The first consumer ingests its first poll (at most 100 records) and dies before committing.
        AtomicReference<UsageBatchIngester.Result> killedBatch = new AtomicReference<>();
        KafkaUsageIngestion first = start(topics, 100, metering::ingest, (offsets, result) -> {
            killedBatch.set(result);
            throw new Killed();
        });
        await().atMost(PATIENCE).until(() -> first.consumers().get(0).isFinished());
        int ingested = killedBatch.get().accepted();
        assertThat(ingested).isBetween(1, 100);
        assertThat(world.storedRecords()).as("durable before the commit").isEqualTo(ingested);
        assertThat(BROKER.committed(topics.group())).as("nothing committed").isEmpty();

        // A new consumer in the same group reads from the last commit: the killed batch again, then the rest.
        KafkaUsageIngestion second = start(topics, 100, metering::ingest, UsageTopicConsumer.BeforeCommit.NONE);
        await().atMost(PATIENCE).until(() -> BROKER.committedAll(topics));

        world.assertCountedOnce(300);
        assertThat(second.totals().duplicates()).as("the killed batch came back DUPLICATE").isEqualTo(ingested);
        assertThat(second.totals().accepted()).as("and nothing else was lost").isEqualTo(300 - ingested);
    }

    @Test
    void whileTheDatabaseIsDownNothingIsCommittedAndTheSameBatchIsRetried() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 3);
        KafkaBroker.Topics topics = BROKER.newTopics();
        BROKER.send(world.messages(topics.usage(), 0, 60));

        // The database refuses connections for the first three attempts, as Hikari reports it.
        AtomicInteger down = new AtomicInteger(3);
        List<Map<TopicPartition, Long>> committedWhileDown = new CopyOnWriteArrayList<>();
        KafkaUsageIngestion ingestion = start(topics, 2000, records -> {
            if (down.getAndDecrement() > 0) {
                committedWhileDown.add(BROKER.committed(topics.group()));
                throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
            }
            return metering.ingest(records);
        }, UsageTopicConsumer.BeforeCommit.NONE);
        await().atMost(PATIENCE).until(() -> BROKER.committedAll(topics));

        world.assertCountedOnce(60);
        assertThat(committedWhileDown).hasSize(3).allSatisfy(c -> assertThat(c).isEmpty());
        assertThat(ingestion.totals().failedAttempts()).isEqualTo(3);
        assertThat(ingestion.totals().accepted()).isEqualTo(60);
        assertThat(ingestion.totals().duplicates() + ingestion.totals().deadLettered()).isZero();
    }

    @Test
    void aFailureAfterTheRecordsAreDurableRereadsThemAsDuplicates() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 3);
        KafkaBroker.Topics topics = BROKER.newTopics();
        BROKER.send(world.messages(topics.usage(), 0, 60));

        // As if the dead-letter topic did not acknowledge: the batch is durable but must not be committed.
        AtomicReference<UsageBatchIngester.Result> failedBatch = new AtomicReference<>();
        KafkaUsageIngestion ingestion = start(topics, 2000, metering::ingest, (offsets, result) -> {
            if (failedBatch.compareAndSet(null, result)) {
                throw new DeadLetterTopic.NotAcknowledged("no acknowledgement (test)", null);
            }
        });
        await().atMost(PATIENCE).until(() -> BROKER.committedAll(topics));

        world.assertCountedOnce(60);
        assertThat(ingestion.totals().failedAttempts()).isEqualTo(1);
        assertThat(ingestion.totals().duplicates()).isEqualTo(failedBatch.get().accepted());
        assertThat(ingestion.totals().accepted()).isEqualTo(60 - failedBatch.get().accepted());
    }

    @Test
    void twoInstancesInOneGroupShareThePartitionsAndCountEachRecordOnce() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 8);
        KafkaBroker.Topics topics = BROKER.newTopics();
        KafkaUsageIngestion first = start(topics, 200, metering::ingest, UsageTopicConsumer.BeforeCommit.NONE);
        BROKER.send(world.messages(topics.usage(), 0, 1000));
        await().atMost(PATIENCE).until(() -> first.totals().accepted() > 0);

        // A second instance joins mid-stream: the group rebalances and the partitions are split.
        KafkaUsageIngestion second = start(topics, 200, metering::ingest, UsageTopicConsumer.BeforeCommit.NONE);
        await().atMost(PATIENCE).until(() -> !second.consumers().get(0).assigned().isEmpty()
                && first.consumers().get(0).assigned().size() < KafkaBroker.PARTITIONS);
        BROKER.send(world.messages(topics.usage(), 1000, 2000));
        await().atMost(PATIENCE).until(() -> BROKER.committedAll(topics));

        world.assertCountedOnce(2000);
        UsageTopicConsumer.Totals a = first.totals();
        UsageTopicConsumer.Totals b = second.totals();
        assertThat(a.accepted() + b.accepted()).isEqualTo(2000);
        assertThat(a.accepted()).isPositive();
        assertThat(b.accepted()).isPositive();
    }

    @Test
    void aPoisonRecordIsIsolatedToTheDeadLetterTopicAndTheRestOfItsBatchIsAccepted() {
        UsageWorld world = new UsageWorld(api, fx, jdbc, json, 2);
        KafkaBroker.Topics topics = BROKER.newTopics();
        BROKER.send(world.messages(topics.usage(), 0, 40));

        // Record 7 makes the database fail in a way that no retry will change (as a too-long value would).
        String poison = world.recordId(7);
        KafkaUsageIngestion ingestion = start(topics, 2000, records -> {
            if (records.stream().anyMatch(r -> r.recordId().equals(poison))) {
                throw new DataIntegrityViolationException("value too long for type character varying(64)");
            }
            return metering.ingest(records);
        }, UsageTopicConsumer.BeforeCommit.NONE);
        await().atMost(PATIENCE).until(() -> BROKER.committedAll(topics));

        assertThat(world.storedRecords()).isEqualTo(39);
        assertThat(world.lines()).containsExactly(39, 39);
        List<ConsumerRecord<byte[], byte[]>> letters = BROKER.readAll(topics.dlq(), 1);
        assertThat(letters).hasSize(1);
        assertThat(header(letters.get(0), DeadLetterTopic.CODE)).isEqualTo(UsageBatchIngester.INGEST_ERROR);
        assertThat(header(letters.get(0), DeadLetterTopic.RECORD_ID)).isEqualTo(poison);
        assertThat(header(letters.get(0), DeadLetterTopic.DETAIL)).contains("value too long");
        assertThat(ingestion.totals().failedAttempts()).isZero();
    }
}
