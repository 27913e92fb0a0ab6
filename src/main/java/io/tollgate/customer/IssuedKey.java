package io.tollgate.customer;

/** A freshly issued API key: the only time its plain text is ever available. */
public record IssuedKey(String key, String prefix, Role role, String customerId, String label) {
}
