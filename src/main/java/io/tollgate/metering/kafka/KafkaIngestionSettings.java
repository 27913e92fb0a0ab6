package io.tollgate.metering.kafka;

import io.tollgate.metering.MeteringService;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tollgate.kafka.*}: which topics, which consumer group, how many consumers in this
 * instance, how large a poll, and how the same batch is retried after a transient failure. The
 * connection itself (bootstrap servers, security) comes from {@code spring.kafka.*}.
 */
@ConfigurationProperties("tollgate.kafka")
public record KafkaIngestionSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("tollgate.usage") String topic,
        @DefaultValue("tollgate.usage.dlq") String dlqTopic,
        @DefaultValue("tollgate-metering") String groupId,
        @DefaultValue("1") int consumers,
        @DefaultValue("2000") int maxPollRecords,
        @DefaultValue("PT1S") Duration pollTimeout,
        @DefaultValue("PT0.2S") Duration retryBackoffInitial,
        @DefaultValue("PT30S") Duration retryBackoffMax,
        @DefaultValue("PT30S") Duration dlqSendTimeout) {
    static final int MAX_CONSUMERS = 32;

    public KafkaIngestionSettings {
        require(topic != null && !topic.isBlank(), "tollgate.kafka.topic must be set");
        require(dlqTopic != null && !dlqTopic.isBlank() && !dlqTopic.equals(topic),
                "tollgate.kafka.dlq-topic must be set and differ from the topic");
        require(groupId != null && !groupId.isBlank(), "tollgate.kafka.group-id must be set");
        require(consumers >= 1 && consumers <= MAX_CONSUMERS, "tollgate.kafka.consumers must be 1 to " + MAX_CONSUMERS);
        // One poll is one ingest call, which takes at most MeteringService.MAX_BATCH records.
        require(maxPollRecords >= 1 && maxPollRecords <= MeteringService.MAX_BATCH,
                "tollgate.kafka.max-poll-records must be 1 to " + MeteringService.MAX_BATCH);
        require(positive(pollTimeout) && positive(retryBackoffInitial) && positive(retryBackoffMax)
                        && positive(dlqSendTimeout) && retryBackoffInitial.compareTo(retryBackoffMax) <= 0,
                "tollgate.kafka durations must be positive, retry-backoff-initial at most retry-backoff-max");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
