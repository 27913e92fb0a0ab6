package io.tollgate.notify.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.notify.webhook.store.WebhookStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The webhook dispatcher and its schedule (off in tests, which run passes themselves). */
@Configuration
@EnableConfigurationProperties(WebhookSettings.class)
public class WebhookConfiguration {
    @Bean(destroyMethod = "close")
    WebhookDispatcher webhookDispatcher(WebhookStore store, PlatformTransactionManager txm, Clock clock,
                                        WebhookSettings settings, JsonMapper json, MeterRegistry metrics) {
        return new WebhookDispatcher(store, new TransactionTemplate(txm), clock, settings, json, metrics);
    }

    @Component
    @ConditionalOnProperty(name = "tollgate.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        private final WebhookDispatcher dispatcher;

        Schedule(WebhookDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Scheduled(fixedDelayString = "${tollgate.notify.webhooks.interval:PT2S}",
                initialDelayString = "${tollgate.jobs.initial-delay:PT5S}")
        void run() {
            dispatcher.pass();
        }
    }
}
