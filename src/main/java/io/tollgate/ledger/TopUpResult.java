package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** A recorded top-up: how much paid arrears and how much became cash; {@code replay} when returned again for its key. */
public record TopUpResult(long entryId, String customerId, String currency, BigDecimal amount, BigDecimal toArrears,
                          BigDecimal toCash, Instant businessTime, boolean replay) {
}
