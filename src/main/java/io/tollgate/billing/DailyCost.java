package io.tollgate.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A resource's cost on one day (billing zone), in both views of billing-rules §9: original (money
 * on the day it was paid or given back) and amortized (prepaid money spread over the days of its
 * term). Pay-per-use charges count on their usage day in both.
 */
public record DailyCost(LocalDate day, String resourceId, BigDecimal original, BigDecimal amortized) {
    /** Which of the two a reader asks for. */
    public enum View { ORIGINAL, AMORTIZED }

    public BigDecimal cost(View view) {
        return view == View.ORIGINAL ? original : amortized;
    }
}
