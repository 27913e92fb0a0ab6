package io.tollgate.notify.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint (its secrets are never shown after they are issued): the topic prefixes
 * it receives (none: every event), whether it is enabled, the outbox position its deliveries
 * have been copied up to, and until when the secret before the last rotation still signs.
 */
public record WebhookEndpoint(long id, String url, String description, List<String> eventTypes, boolean enabled,
                              long cursorPosition, Instant previousSecretSignsUntil, Instant createdAt,
                              Instant updatedAt) {
}
