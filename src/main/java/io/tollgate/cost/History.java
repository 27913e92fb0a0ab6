package io.tollgate.cost;

import io.tollgate.cost.core.Forecast;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A daily pay-per-use history fitted by {@link Forecast}: the days [from, toExclusive) from the
 * first one with any cost (days before a customer's first cost would read as zeros and drag the
 * trend down). Shared by the month's forecast and the anomaly rule.
 */
record History(LocalDate start, int days, Forecast.Model model) {

    /** The fitted history of {@code costOf} over the days, or empty when no day had a cost. */
    static Optional<History> fit(LocalDate from, LocalDate toExclusive, Function<LocalDate, BigDecimal> costOf) {
        List<BigDecimal> daily = new ArrayList<>();
        LocalDate start = null;
        for (LocalDate d = from; d.isBefore(toExclusive); d = d.plusDays(1)) {
            BigDecimal c = costOf.apply(d);
            if (start == null && c.signum() == 0) {
                continue;
            }
            if (start == null) {
                start = d;
            }
            daily.add(c);
        }
        return start == null ? Optional.empty() : Optional.of(new History(start, daily.size(),
                Forecast.fit(daily, start.getDayOfWeek().getValue() - 1)));
    }

    static Optional<History> fit(LocalDate from, LocalDate toExclusive, Map<LocalDate, BigDecimal> byDay) {
        return fit(from, toExclusive, d -> byDay.getOrDefault(d, BigDecimal.ZERO));
    }

    /** The forecast of {@code day}, counted from the history's first day. */
    Forecast.Day at(LocalDate day) {
        return model.at((int) (day.toEpochDay() - start.toEpochDay()));
    }
}
