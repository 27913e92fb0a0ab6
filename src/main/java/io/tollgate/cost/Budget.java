package io.tollgate.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;

/**
 * A budget (docs/cost.md): cost (in the view) or usage (in {@code unit}) over the scope
 * {@code filters} (as the analysis takes them), per {@code period}, against {@code amount} or the
 * period's own amount in {@code amounts} (by the period's first day), with thresholds on actual or
 * forecast spend.
 */
public record Budget(long id, String customerId, String name, CostQuery.Measure measure,
                     io.tollgate.billing.DailyCost.View view, String unit, Period period, BigDecimal amount,
                     Map<LocalDate, BigDecimal> amounts, List<String> filters, List<Threshold> thresholds,
                     Instant nextCheckAt, Instant createdAt, Instant updatedAt) {

    public enum Period {
        DAILY, MONTHLY, QUARTERLY, YEARLY;

        /** The first day of the period holding {@code day}. */
        public LocalDate start(LocalDate day) {
            return switch (this) {
                case DAILY -> day;
                case MONTHLY -> day.withDayOfMonth(1);
                case QUARTERLY -> day.with(IsoFields.DAY_OF_QUARTER, 1);
                case YEARLY -> day.withDayOfYear(1);
            };
        }

        /** The first day after the period starting {@code start}. */
        public LocalDate end(LocalDate start) {
            return switch (this) {
                case DAILY -> start.plusDays(1);
                case MONTHLY -> start.plusMonths(1);
                case QUARTERLY -> start.plusMonths(3);
                case YEARLY -> start.plusYears(1);
            };
        }
    }

    public enum Basis { ACTUAL, FORECAST }

    /** Alert when the basis reaches {@code percent} of the period's amount. */
    public record Threshold(BigDecimal percent, Basis basis) {
    }

    /** The amount of the period starting {@code start}, or null when the budget has none for it. */
    public BigDecimal amountFor(LocalDate start) {
        BigDecimal own = amounts.get(start);
        return own != null ? own : amount;
    }
}
