package io.tollgate.metering.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer and its thread: poll a batch, ingest it (durable in PostgreSQL, refusals
 * acknowledged by the dead-letter topic), then commit the batch's offsets synchronously; nothing
 * else commits (enable.auto.commit=false). If ingesting fails the offsets are not committed: the
 * consumer seeks back to the batch's first offsets, backs off, and reads the same records again.
 * If the consumer dies between ingest and commit, whoever reads the partition next gets those
 * records again and they come back DUPLICATE: counted once, nothing lost.
 */
final class UsageTopicConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageTopicConsumer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** Called after a batch is durable and before its offsets are committed: the seam where a test kills the consumer. */
    @FunctionalInterface
    interface BeforeCommit {
        BeforeCommit NONE = (offsets, result) -> {
        };

        void check(Map<TopicPartition, OffsetAndMetadata> offsets, UsageBatchIngester.Result result);
    }

    /** Counts since start: records by fate, batches committed, failed attempts. */
    record Totals(long accepted, long duplicates, long deadLettered, long committedBatches, long failedAttempts) {
        Totals plus(Totals o) {
            return new Totals(accepted + o.accepted, duplicates + o.duplicates, deadLettered + o.deadLettered,
                    committedBatches + o.committedBatches, failedAttempts + o.failedAttempts);
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final UsageBatchIngester ingester;
    private final String topic;
    private final Duration pollTimeout;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final BeforeCommit beforeCommit;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong committedBatches = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile Set<TopicPartition> assigned = Set.of();
    private Duration backoff;

    UsageTopicConsumer(Consumer<byte[], byte[]> consumer, UsageBatchIngester ingester, KafkaIngestionSettings settings,
                       BeforeCommit beforeCommit) {
        this.consumer = consumer;
        this.ingester = ingester;
        this.topic = settings.topic();
        this.pollTimeout = settings.pollTimeout();
        this.backoffInitial = settings.retryBackoffInitial();
        this.backoffMax = settings.retryBackoffMax();
        this.beforeCommit = beforeCommit;
        this.backoff = backoffInitial;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Assignment());
            while (stopRequested.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(pollTimeout);
                } catch (KafkaException e) {
                    LOG.error("Polling {} failed; polling again after {}", topic, backoff, e);
                    pause();
                    continue;
                }
                if (!polled.isEmpty()) {
                    ingestAndCommit(polled);
                }
            }
        } finally {
            // Closing never commits (auto-commit is off): what was not committed is read again.
            try {
                consumer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.warn("Closing the consumer of {} failed", topic, e);
            }
            finished.countDown();
        }
    }

    private void ingestAndCommit(ConsumerRecords<byte[], byte[]> polled) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
        polled.forEach(batch::add);
        Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(polled);
        UsageBatchIngester.Result result;
        try {
            result = ingester.ingest(batch);
            beforeCommit.check(next, result);
        } catch (RuntimeException e) {
            failedAttempts.incrementAndGet();
            LOG.warn("A batch of {} usage records from {} is not durable ({}); not committing, reading it again after {}",
                    batch.size(), next.keySet(), e.toString(), backoff, UsageBatchIngester.isTransient(e) ? null : e);
            rewind(polled);
            pause();
            return;
        }
        backoff = backoffInitial;
        accepted.addAndGet(result.accepted());
        duplicates.addAndGet(result.duplicates());
        deadLettered.addAndGet(result.deadLettered());
        commit(next);
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> next) {
        try {
            consumer.commitSync(next);
            committedBatches.incrementAndGet();
        } catch (KafkaException e) {
            // The records are durable; if the partition moved to another consumer it reads them
            // again and they come back DUPLICATE. If it stayed, the next commit covers them.
            LOG.warn("Committing offsets {} failed ({}); the records are durable and any re-read is a duplicate",
                    next, e.toString());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(tp);
            next.put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return next;
    }

    /** Moves each partition of the batch that is still ours back to the batch's first offset. */
    private void rewind(ConsumerRecords<byte[], byte[]> polled) {
        Set<TopicPartition> mine = consumer.assignment();
        for (TopicPartition tp : polled.partitions()) {
            if (mine.contains(tp)) {
                consumer.seek(tp, polled.records(tp).get(0).offset());
            }
        }
    }

    private void pause() {
        try {
            stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(backoffMax) > 0 ? backoffMax : doubled;
    }

    /** Asks the loop to finish its current batch and close; returns at once. */
    void requestStop() {
        stopRequested.countDown();
    }

    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isFinished() {
        return finished.getCount() == 0;
    }

    Set<TopicPartition> assigned() {
        return assigned;
    }

    Totals totals() {
        return new Totals(accepted.get(), duplicates.get(), deadLettered.get(), committedBatches.get(),
                failedAttempts.get());
    }

    /** Keeps the assignment visible to other threads; there is never uncommitted work when it changes. */
    private final class Assignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = Set.copyOf(consumer.assignment());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<TopicPartition> left = new java.util.HashSet<>(assigned);
            left.removeAll(partitions);
            assigned = Set.copyOf(left);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
