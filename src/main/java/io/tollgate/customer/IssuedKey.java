package io.tollgate.customer;

import java.time.Instant;

/** A freshly issued API key: the only time its plain text is ever available. {@code id} is what revokes it. */
public record IssuedKey(String key, long id, String prefix, Role role, String customerId, String label,
                        Instant expiresAt) {
}
