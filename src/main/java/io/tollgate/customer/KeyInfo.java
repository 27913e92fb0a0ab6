package io.tollgate.customer;

import java.time.Instant;

/** An API key as listed: never the key itself, only its first characters, role, label and dates. */
public record KeyInfo(long id, String keyPrefix, Role role, String customerId, String label, Instant createdAt,
                      Instant expiresAt, Instant revokedAt) {
}
