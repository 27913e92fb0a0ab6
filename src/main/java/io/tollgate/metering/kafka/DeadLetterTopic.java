package io.tollgate.metering.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter topic: a record that can never be accepted is published there with its
 * original key, value and headers, plus headers that say why ({@value #CODE}, {@value #DETAIL})
 * and where it came from. {@link #publish} returns only when the broker has acknowledged every
 * letter (the producer runs with acks=all), because the source offsets are committed right after.
 */
final class DeadLetterTopic {
    static final String CODE = "tollgate-dlq-code";
    static final String DETAIL = "tollgate-dlq-detail";
    static final String RECORD_ID = "tollgate-dlq-record-id";
    static final String SOURCE_TOPIC = "tollgate-dlq-source-topic";
    static final String SOURCE_PARTITION = "tollgate-dlq-source-partition";
    static final String SOURCE_OFFSET = "tollgate-dlq-source-offset";
    private static final String PREFIX = "tollgate-dlq-";
    private static final int MAX_DETAIL_CHARS = 1000;

    /** A record read from the usage topic that goes to the dead-letter topic, and why. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> source, String code, String detail, String recordId) {
    }

    /** The broker did not acknowledge a letter in time: the batch must not be committed. */
    static final class NotAcknowledged extends RuntimeException {
        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;

    DeadLetterTopic(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    String topic() {
        return topic;
    }

    /** Sends every letter and waits until the broker has acknowledged all of them. */
    void publish(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            acks.add(producer.send(toRecord(letter)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new NotAcknowledged("dead-letter topic " + topic + " did not acknowledge " + letters.size()
                        + " letters within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAcknowledged("interrupted while waiting for the dead-letter topic", e);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> toRecord(DeadLetter letter) {
        ConsumerRecord<byte[], byte[]> source = letter.source();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : source.headers()) {
            // A letter replayed from this topic that fails again carries only the latest reason.
            if (!h.key().startsWith(PREFIX)) {
                headers.add(h);
            }
        }
        headers.add(CODE, utf8(letter.code()));
        headers.add(DETAIL, utf8(truncate(letter.detail())));
        if (letter.recordId() != null) {
            headers.add(RECORD_ID, utf8(letter.recordId()));
        }
        headers.add(SOURCE_TOPIC, utf8(source.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        return new ProducerRecord<>(topic, null, null, source.key(), source.value(), headers);
    }

    private static String truncate(String detail) {
        String d = detail == null ? "" : detail;
        return d.length() <= MAX_DETAIL_CHARS ? d : d.substring(0, MAX_DETAIL_CHARS);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
