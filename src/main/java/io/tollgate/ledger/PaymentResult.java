package io.tollgate.ledger;

import java.math.BigDecimal;

/** How an order was paid, or that it could not be ({@code paid} false, nothing posted, {@code shortfall} missing). */
public record PaymentResult(boolean paid, BigDecimal discount, BigDecimal coupon, BigDecimal cash, BigDecimal credit,
                            BigDecimal shortfall, Long entryId) {
}
