package io.tollgate.catalog;

import java.math.BigDecimal;

/**
 * A pay-per-use quote: {@code usage = quantity x hours} in the price's unit (node-hours or
 * GB-hours), {@code amount = unit price x usage} rounded half-up to 8 decimals, and
 * {@code chargedAmount} that amount rounded half-up to the cent.
 */
public record PayPerUseQuote(PriceVersion price, int quantity, BigDecimal hours, BigDecimal usage, BigDecimal amount,
                             BigDecimal chargedAmount) {
}
