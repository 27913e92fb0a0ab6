package io.tollgate.notify.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tollgate.notify.webhooks.*}: how often the dispatcher looks for work, how long one call
 * may take, how long a claimed delivery stays leased (longer than a call), the back-off between
 * attempts (doubling from retry-base up to retry-cap, each delay jittered to between half and all of
 * it), how long a delivery is retried before it is dead-lettered, how many deliveries one claim
 * takes, and how many endpoints are called at once.
 */
@ConfigurationProperties("tollgate.notify.webhooks")
public record WebhookSettings(
        @DefaultValue("PT2S") Duration interval,
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("PT1M") Duration lease,
        @DefaultValue("PT10S") Duration retryBase,
        @DefaultValue("PT1H") Duration retryCap,
        @DefaultValue("PT24H") Duration giveUpAfter,
        @DefaultValue("50") int claim,
        @DefaultValue("16") int parallelEndpoints) {

    public WebhookSettings {
        if (lease.compareTo(timeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("tollgate.notify.webhooks.lease must exceed the timeout by 5 s or more");
        }
        if (retryBase.isZero() || retryBase.isNegative() || retryCap.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("tollgate.notify.webhooks.retry-base must be positive and at most retry-cap");
        }
        if (claim < 1 || parallelEndpoints < 1) {
            throw new IllegalArgumentException("tollgate.notify.webhooks.claim and parallel-endpoints must be positive");
        }
    }

    /** The delay after the {@code failures}-th failed attempt, before jitter: base doubled per failure, capped. */
    public Duration backOff(int failures) {
        return io.tollgate.shared.BackOff.delay(retryBase, retryCap, failures);
    }
}
