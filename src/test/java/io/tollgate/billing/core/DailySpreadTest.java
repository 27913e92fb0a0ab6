package io.tollgate.billing.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DailySpreadTest {
    private static final ZoneId ZONE = ZoneId.of("+08:00");

    @Test
    void aYearOf365IsOneADay() {
        List<BigDecimal> parts = DailySpread.spread(new BigDecimal("365.00"), 365);
        // 36500 cents / 365 days = 100 cents, remainder 0: every day 1.00.
        assertThat(parts).hasSize(365).allMatch(p -> p.compareTo(new BigDecimal("1.00")) == 0);
    }

    @Test
    void oneHundredOverThirtyDaysGivesTheFirstTenDaysTheExtraCent() {
        List<BigDecimal> parts = DailySpread.spread(new BigDecimal("100.00"), 30);
        // 10000 cents = 30 x 333 + 10: days 1-10 get 3.34, days 11-30 get 3.33; 10 x 3.34 + 20 x 3.33 = 100.00.
        assertThat(parts.subList(0, 10)).allMatch(p -> p.compareTo(new BigDecimal("3.34")) == 0);
        assertThat(parts.subList(10, 30)).allMatch(p -> p.compareTo(new BigDecimal("3.33")) == 0);
        assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("100.00");
    }

    @Test
    void aNegativeAmountSpreadsWithTheSameRuleMirrored() {
        List<BigDecimal> parts = DailySpread.spread(new BigDecimal("-0.05"), 3);
        // -5 cents = 3 x -1 - 2: the first two days -0.02, the third -0.01.
        assertThat(parts).containsExactly(new BigDecimal("-0.02"), new BigDecimal("-0.02"), new BigDecimal("-0.01"));
    }

    @Test
    void seededPropertySumIsExactPartsDifferByAtMostACentAndKeepTheSign() {
        Random random = new Random(20261202L);
        for (int i = 0; i < 5_000; i++) {
            long cents = random.nextInt(2) == 0 ? random.nextInt(100) : random.nextLong(0, 100_000_000L);
            int days = 1 + random.nextInt(1_100);
            BigDecimal amount = BigDecimal.valueOf(cents, 2);
            List<BigDecimal> parts = DailySpread.spread(amount, days);
            // The model: the total in cents, independently summed back as a long.
            long sum = parts.stream().mapToLong(p -> p.movePointRight(2).longValueExact()).sum();
            assertThat(sum).as(amount + " over " + days).isEqualTo(cents);
            BigDecimal max = parts.stream().max(BigDecimal::compareTo).orElseThrow();
            BigDecimal min = parts.stream().min(BigDecimal::compareTo).orElseThrow();
            assertThat(max.subtract(min)).isLessThanOrEqualTo(new BigDecimal("0.01"));
            assertThat(min.signum()).isGreaterThanOrEqualTo(0);
            assertThat(parts).hasSize(days);
        }
    }

    @Test
    void aPurchaseCoversTheWholeDaysAfterItsStartDayAndARenewalItsOwnFirstDay() {
        // Bought 2026-01-01 15:00 (+08:00) for a year: ends 2027-01-01 23:59:59, exclusive 2027-01-02 00:00.
        Instant bought = Instant.parse("2026-01-01T07:00:00Z");
        Instant end = Instant.parse("2027-01-01T16:00:00Z");
        DailySpread.Days days = DailySpread.wholeDays(bought, end, ZONE);
        // 2026-01-02 .. 2027-01-01: 365 days.
        assertThat(days.first()).isEqualTo(LocalDate.parse("2026-01-02"));
        assertThat(days.count()).isEqualTo(365);
        // Its renewal runs from the old exclusive end (a midnight): 2027-01-02 .. 2028-01-01, 365 days.
        DailySpread.Days renewal = DailySpread.wholeDays(end, Instant.parse("2028-01-01T16:00:00Z"), ZONE);
        assertThat(renewal.first()).isEqualTo(LocalDate.parse("2027-01-02"));
        assertThat(renewal.count()).isEqualTo(365);
    }

    @Test
    void aRefundedSliceCarriesItsRemainderOnTheRefundDayAndNothingAfter() {
        DailySpread.Days days = new DailySpread.Days(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-11"));
        Map<LocalDate, BigDecimal> byDay = DailySpread.amortize(new BigDecimal("10.00"), days,
                LocalDate.parse("2026-01-04"));
        // 1.00 a day; refunded on the 4th: the 1st-3rd keep 1.00 each, the 4th holds days 4-10: 7 x 1.00 = 7.00.
        assertThat(byDay).hasSize(4);
        assertThat(byDay.get(LocalDate.parse("2026-01-03"))).isEqualByComparingTo("1.00");
        assertThat(byDay.get(LocalDate.parse("2026-01-04"))).isEqualByComparingTo("7.00");
    }
}
