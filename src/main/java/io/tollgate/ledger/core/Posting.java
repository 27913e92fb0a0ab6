package io.tollgate.ledger.core;

import io.tollgate.ledger.AccountKind;
import java.math.BigDecimal;

/** One leg of an entry: an amount in cents (scale 2) on one of an owner's accounts. */
public record Posting(String owner, AccountKind kind, BigDecimal amount) {
}
