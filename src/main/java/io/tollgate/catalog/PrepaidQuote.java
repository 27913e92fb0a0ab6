package io.tollgate.catalog;

import java.math.BigDecimal;

/**
 * A prepaid quote: {@code listAmount = unit price x quantity x periods} (8 decimals, half-up),
 * where the price is per month or per year and {@code periods} counts months or years of the term;
 * a term in years without a yearly price is priced as 12 months a year. {@code amount} is the exact
 * list amount rounded half-up to the cent (from the exact figure, never rounded twice). {@code termDiscount} is what the term saves against paying its
 * months at the monthly price (zero for terms in months; null when there is no monthly price).
 */
public record PrepaidQuote(PrepaidTerm term, int quantity, PriceVersion price, int periods, BigDecimal listAmount,
                           BigDecimal amount, BigDecimal termDiscount) {

    /** True when a term in years is priced from the monthly price because there is no yearly one. */
    public boolean derivedFromMonthly() {
        return term.unit() == PrepaidTerm.TermUnit.YEAR && price.unit() == Unit.month(price.unit().specKind());
    }
}
