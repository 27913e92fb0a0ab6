package io.tollgate.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tollgate.cost.core.Forecast;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecast on generated series whose answers are known from how they were generated. */
class ForecastTest {
    /** Weekday effects of the generated series (Monday..Sunday), summing to zero. */
    private static final double[] WEEK = {4, 3, 2, 1, 0, -4, -6};

    private static List<BigDecimal> series(int days, int firstWeekday, double base, double slope, double noise,
                                           Random random) {
        List<BigDecimal> y = new ArrayList<>();
        for (int t = 0; t < days; t++) {
            double v = base + slope * t + WEEK[(firstWeekday + t) % 7] + noise * random.nextGaussian();
            y.add(BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP));
        }
        return y;
    }

    @Test
    void anExactTrendWithAWeeklyPatternIsForecastExactlyWithANarrowBand() {
        // y(t) = 50 + 0.5 t + WEEK[weekday]; 28 days from a Wednesday (2). Day 28 is again a Wednesday:
        // 50 + 0.5 x 28 + 2 = 66.00; day 32 is a Sunday: 50 + 16 - 6 = 60.00.
        Forecast.Model m = Forecast.fit(series(28, 2, 50, 0.5, 0, new Random(1)), 2);
        List<Forecast.Day> next = Forecast.ahead(m, 5);
        assertThat(next.get(0).expected()).isEqualByComparingTo("66.00");
        assertThat(next.get(4).expected()).isEqualByComparingTo("60.00");
        // the inputs were rounded to cents only at .x5 edges: residuals of at most half a cent, so the
        // band is within a few cents of the forecast
        assertThat(next.get(0).upper().subtract(next.get(0).expected())).isLessThan(new BigDecimal("0.05"));
        assertThat(Forecast.weekdayEffect(m, 6).doubleValue()).isCloseTo(-6, within(1e-6));
        assertThat(Forecast.weekdayEffect(m, 0).doubleValue()).isCloseTo(4, within(1e-6));
    }

    @Test
    void theBandCoversAboutNinetyFivePercentOfFutureDaysOfANoisySeries() {
        Random random = new Random(42);
        int covered = 0;
        int total = 0;
        for (int run = 0; run < 200; run++) {
            int first = random.nextInt(7);
            // 56 days of history and 7 more drawn from the same model (noise sigma 3)
            List<BigDecimal> all = series(63, first, 100, 0.8, 3, random);
            Forecast.Model m = Forecast.fit(all.subList(0, 56), first);
            for (int h = 0; h < 7; h++) {
                Forecast.Day d = m.at(56 + h);
                BigDecimal actual = all.get(56 + h);
                total++;
                if (actual.compareTo(d.lower()) >= 0 && actual.compareTo(d.upper()) <= 0) {
                    covered++;
                }
            }
        }
        // a 95% prediction interval: between 92% and 98% of 1,400 future days inside it
        assertThat(covered / (double) total).isBetween(0.92, 0.98);
    }

    @Test
    void theSlopeAndLevelAreRecoveredFromNoise() {
        Forecast.Model m = Forecast.fit(series(90, 0, 20, 0.25, 2, new Random(7)), 0);
        // the slope's standard error over 90 days with sigma 2 is about 2 / sqrt(sum (t - 44.5)^2) = 0.0077
        assertThat(m.coefficients()[1].doubleValue()).isCloseTo(0.25, within(0.03));
        assertThat(m.coefficients()[0].doubleValue()).isCloseTo(20, within(1.5));
    }

    @Test
    void shortHistoriesFallBackToATrendAndNeverGoNegative() {
        // 5 days, no weekday effect: 10, 8, 6, 4, 2 (slope -2) -> day 5 is 0, day 6 would be -2 and is floored to 0
        List<BigDecimal> falling = List.of(new BigDecimal("10"), new BigDecimal("8"), new BigDecimal("6"),
                new BigDecimal("4"), new BigDecimal("2"));
        Forecast.Model m = Forecast.fit(falling, 0);
        assertThat(m.seasonal()).isFalse();
        assertThat(m.at(5).expected()).isEqualByComparingTo("0.00");
        assertThat(m.at(6).expected()).isEqualByComparingTo("0.00");
        assertThat(m.at(6).lower()).isEqualByComparingTo("0.00");
        // one day of history: that day's cost, no band
        Forecast.Model one = Forecast.fit(List.of(new BigDecimal("12.34")), 3);
        assertThat(one.at(1).expected()).isEqualByComparingTo("12.34");
        assertThat(one.at(1).upper()).isEqualByComparingTo("12.34");
        assertThat(Forecast.fit(List.of(), 0).at(0).expected()).isEqualByComparingTo("0.00");
    }
}
