package io.tollgate.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.cost.core.PrepaidAdvice;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PrepaidAdviceTest {
    @Test
    void aResourceRunningAllMonthSavesTheDifferenceAndBreaksEvenAtTermOverHourly() {
        // 2 nodes at 3.50/h for 730 h = 5110.00; a month at 1800.00 a node = 3600.00; saving 1510.00.
        // Break-even: 1800 / 3.5 = 514.29 h, rounded up to 514.3 h = 21.5 days (514.3 / 24 = 21.43 -> 21.5).
        PrepaidAdvice.Advice a = PrepaidAdvice.monthly(new BigDecimal("3.50"), new BigDecimal("1800.00"), 2,
                new BigDecimal("730")).orElseThrow();
        assertThat(a.payPerUseMonthly()).isEqualByComparingTo("5110.00");
        assertThat(a.termMonthly()).isEqualByComparingTo("3600.00");
        assertThat(a.monthlySaving()).isEqualByComparingTo("1510.00");
        assertThat(a.breakEvenHours()).isEqualByComparingTo("514.3");
        assertThat(a.breakEvenDays()).isEqualByComparingTo("21.5");
    }

    @Test
    void noAdviceWhenTheTermIsNotCheaperForTheHoursUsed() {
        // 400 h x 3.50 = 1400.00 < 1800.00: pay-per-use is cheaper
        assertThat(PrepaidAdvice.monthly(new BigDecimal("3.50"), new BigDecimal("1800.00"), 1, new BigDecimal("400")))
                .isEmpty();
        // more than 730 h counts as 730 (a month)
        assertThat(PrepaidAdvice.monthly(new BigDecimal("1.00"), new BigDecimal("700.00"), 1, new BigDecimal("744"))
                .orElseThrow().payPerUseMonthly()).isEqualByComparingTo("730.00");
    }
}
