package io.tollgate.metering.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.metering.MeteringService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka ingestion, only with {@code tollgate.kafka.enabled=true}: the quick start and the tests
 * need no broker. Connection settings come from {@code spring.kafka.*} (at least
 * {@code spring.kafka.bootstrap-servers}); topics and group from {@code tollgate.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("tollgate.kafka.enabled")
@EnableConfigurationProperties(KafkaIngestionSettings.class)
class KafkaIngestionConfiguration {
    @Bean
    KafkaUsageIngestion kafkaUsageIngestion(KafkaIngestionSettings settings, KafkaProperties kafka,
                                            MeteringService metering, JsonMapper json,
                                            ObjectProvider<MeterRegistry> registry) {
        KafkaUsageIngestion ingestion = new KafkaUsageIngestion(settings, kafka.buildConsumerProperties(),
                kafka.buildProducerProperties(), metering::ingest, json, UsageTopicConsumer.BeforeCommit.NONE);
        registry.ifAvailable(ingestion::registerMetrics);
        return ingestion;
    }
}
