package io.tollgate.cost;

import io.tollgate.shared.Failure;
import java.time.LocalDate;

/**
 * The preset periods of cost analysis (docs/cost.md), for a day "today" in the billing zone: the
 * last 7, 14 and 30 days end yesterday (today is not over); month to date and year to date run
 * through today; the last 3, 6 and 12 months are that many whole months before the current one,
 * monthly.
 */
public final class CostPeriods {
    private CostPeriods() {
    }

    /** A preset's days [from, toExclusive) and its natural granularity. */
    public record Period(LocalDate from, LocalDate toExclusive, CostQuery.Granularity granularity) {
    }

    public static Period of(String preset, LocalDate today) {
        LocalDate month = today.withDayOfMonth(1);
        return switch (preset) {
            case "LAST_7_DAYS" -> daily(today.minusDays(7), today);
            case "LAST_14_DAYS" -> daily(today.minusDays(14), today);
            case "LAST_30_DAYS" -> daily(today.minusDays(30), today);
            case "MONTH_TO_DATE" -> daily(month, today.plusDays(1));
            case "LAST_3_MONTHS" -> monthly(month.minusMonths(3), month);
            case "LAST_6_MONTHS" -> monthly(month.minusMonths(6), month);
            case "LAST_12_MONTHS" -> monthly(month.minusMonths(12), month);
            case "YEAR_TO_DATE" -> monthly(today.withDayOfYear(1), today.plusDays(1));
            default -> throw Failure.invalid("invalid-preset", "unknown preset '" + preset + "': one of LAST_7_DAYS, "
                    + "LAST_14_DAYS, LAST_30_DAYS, MONTH_TO_DATE, LAST_3_MONTHS, LAST_6_MONTHS, LAST_12_MONTHS, "
                    + "YEAR_TO_DATE");
        };
    }

    private static Period daily(LocalDate from, LocalDate to) {
        return new Period(from, to, CostQuery.Granularity.DAILY);
    }

    private static Period monthly(LocalDate from, LocalDate to) {
        return new Period(from, to, CostQuery.Granularity.MONTHLY);
    }
}
