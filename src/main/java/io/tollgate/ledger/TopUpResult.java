package io.tollgate.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A recorded top-up: how much paid arrears, how much repaid credit used and how much became cash;
 * {@code replay} when returned again for its key (with exactly the figures and times of the first answer).
 */
public record TopUpResult(long entryId, String customerId, String currency, BigDecimal amount, BigDecimal toArrears,
                          BigDecimal toCredit, BigDecimal toCash, Instant businessTime, boolean replay) {
}
