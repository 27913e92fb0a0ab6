package io.tollgate.cost;

import io.tollgate.billing.DailyCost;
import io.tollgate.cost.core.Forecast;
import io.tollgate.shared.Failure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * The month's cost with its forecast (issue 10 part 2, docs/cost.md): the days before today are
 * actual; today and the days after are forecast. Pay-per-use is forecast by {@link Forecast} on
 * the daily pay-per-use cost of up to {@link #HISTORY_DAYS} days before today (from the first day
 * with any); prepaid money is not guessed: in the amortized view the shares of the terms already
 * paid are known ahead and added as they are, in the original view future payments are unknown
 * and count nothing. The month's band is the sum of the days' bands (wider than the band of a sum:
 * on the safe side).
 */
@Service
public class CostForecastService {
    /** How far back the pay-per-use history reaches. */
    public static final int HISTORY_DAYS = 90;
    private static final String PAY_PER_USE = "PAY_PER_USE";

    private final CostAnalysisService analysis;
    private final io.tollgate.customer.CustomerService customers;
    private final Clock clock;

    CostForecastService(CostAnalysisService analysis, io.tollgate.customer.CustomerService customers, Clock clock) {
        this.analysis = analysis;
        this.customers = customers;
        this.clock = clock;
    }

    /** One day: actual (before today), or forecast with its band (today and after). */
    public record Day(LocalDate day, BigDecimal actual, BigDecimal expected, BigDecimal lower, BigDecimal upper) {
    }

    /** The month: what is actual so far, the expected total with its band, the days, the history used. */
    public record MonthForecast(String currency, YearMonth month, DailyCost.View view, BigDecimal actual,
                                BigDecimal expected, BigDecimal lower, BigDecimal upper, int historyDays,
                                List<Day> days) {
    }

    /** {@code month} is the current month or the next one. */
    public MonthForecast month(String customerId, YearMonth month, DailyCost.View view,
                               Map<CostQuery.Dimension, Set<String>> filters) {
        LocalDate today = LocalDate.now(clock);
        YearMonth current = YearMonth.from(today);
        if (!month.equals(current) && !month.equals(current.plusMonths(1))) {
            throw Failure.invalid("invalid-month", "a forecast is of the current month (" + current
                    + ") or the next (" + current.plusMonths(1) + ")");
        }
        return period(customerId, month, month.atDay(1), month.plusMonths(1).atDay(1), view, filters);
    }

    /** The days [first, end) with the days from today on forecast, as {@link #month} does for a month. */
    public MonthForecast period(String customerId, YearMonth label, LocalDate first, LocalDate end,
                                DailyCost.View view, Map<CostQuery.Dimension, Set<String>> filters) {
        LocalDate today = LocalDate.now(clock);
        // history: pay-per-use per day before today
        LocalDate historyFrom = today.minusDays(HISTORY_DAYS);
        Map<LocalDate, BigDecimal[]> byDay = byMode(customerId, historyFrom.isBefore(first) ? historyFrom : first,
                end, view, filters);
        Optional<History> history = History.fit(historyFrom, today, d -> byDay.getOrDefault(d, ZEROS)[0]);
        BigDecimal actual = BigDecimal.ZERO;
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal lower = BigDecimal.ZERO;
        BigDecimal upper = BigDecimal.ZERO;
        List<Day> days = new ArrayList<>();
        for (LocalDate d = first; d.isBefore(end); d = d.plusDays(1)) {
            BigDecimal[] known = byDay.getOrDefault(d, ZEROS);
            if (d.isBefore(today)) {
                BigDecimal a = known[0].add(known[1]);
                actual = actual.add(a);
                days.add(new Day(d, a, null, null, null));
                continue;
            }
            // with no history the forecast is zero
            BigDecimal zero = BigDecimal.ZERO.setScale(2);
            LocalDate day0 = d;
            Forecast.Day f = history.map(h -> h.at(day0)).orElse(new Forecast.Day(zero, zero, zero));
            BigDecimal prepaid = known[1];
            Day day = new Day(d, null, f.expected().add(prepaid), f.lower().add(prepaid), f.upper().add(prepaid));
            expected = expected.add(day.expected());
            lower = lower.add(day.lower());
            upper = upper.add(day.upper());
            days.add(day);
        }
        String currency = customers.customer(customerId).currency();
        return new MonthForecast(currency, label, view, actual, actual.add(expected), actual.add(lower),
                actual.add(upper), history.map(History::days).orElse(0), days);
    }

    private static final BigDecimal[] ZEROS = {BigDecimal.ZERO, BigDecimal.ZERO};

    /** Per day: [pay-per-use, prepaid] cost in the view over [from, to). */
    private Map<LocalDate, BigDecimal[]> byMode(String customerId, LocalDate from, LocalDate to, DailyCost.View view,
                                                Map<CostQuery.Dimension, Set<String>> filters) {
        Map<LocalDate, BigDecimal[]> out = new TreeMap<>();
        for (LocalDate f = from; f.isBefore(to); f = f.plusDays(CostQuery.MAX_DAYS)) {
            LocalDate t = f.plusDays(CostQuery.MAX_DAYS).isBefore(to) ? f.plusDays(CostQuery.MAX_DAYS) : to;
            var report = analysis.analyse(customerId, new CostQuery(f, t, CostQuery.Granularity.DAILY, view,
                    CostQuery.Measure.COST, List.of(CostQuery.Dimension.of(CostQuery.Kind.BILLING_MODE)), filters));
            for (CostAnalysisService.Row r : report.rows()) {
                BigDecimal[] v = out.computeIfAbsent(r.period().toLocalDate(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                int i = PAY_PER_USE.equals(r.keys().get(0)) ? 0 : 1;
                v[i] = v[i].add(r.cost());
            }
        }
        return out;
    }
}
