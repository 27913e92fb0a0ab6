package io.tollgate.customer;

import java.time.Instant;

/** An account that consumes resources and pays for them, in one currency. */
public record Customer(String id, String name, String currency, String level, Instant createdAt) {
}
