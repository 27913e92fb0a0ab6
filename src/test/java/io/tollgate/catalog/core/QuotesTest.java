package io.tollgate.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.catalog.ModeComparison;
import io.tollgate.catalog.ModeComparison.Choice;
import io.tollgate.catalog.PayPerUseQuote;
import io.tollgate.catalog.PrepaidQuote;
import io.tollgate.catalog.PrepaidTerm;
import io.tollgate.catalog.PrepaidTerm.TermUnit;
import io.tollgate.catalog.PriceVersion;
import io.tollgate.catalog.Unit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers of the price calculator, with the arithmetic in the comments (docs/calculator.md). */
class QuotesTest {
    // The demo's T4 flavor: 6.30 an hour, a month = 540 h = 3402.00, a year = 10 months = 34020.00.
    private static final PriceVersion T4_HOUR = price(Unit.HOUR, "6.30");
    private static final PriceVersion T4_MONTH = price(Unit.MONTH, "3402.00");
    private static final PriceVersion T4_YEAR = price(Unit.YEAR, "34020.00");

    static PriceVersion price(Unit unit, String unitPrice) {
        return new PriceVersion(1, "spec", "region", unit.mode(), unit, new BigDecimal(unitPrice).setScale(10),
                "CNY", Instant.EPOCH, 1, Instant.EPOCH);
    }

    @Test
    void twoNodesForNinetyMinutes() {
        PayPerUseQuote q = Quotes.payPerUse(T4_HOUR, 2, Quotes.hours(Duration.ofMinutes(90)));
        // 5400 s / 3600 = 1.5 h; x 2 nodes = 3 node-hours; x 6.30 = 18.90
        assertThat(q.hours()).isEqualTo("1.5000000000");
        assertThat(q.usage()).isEqualTo("3.0000000000");
        assertThat(q.amount()).isEqualTo("18.90000000");
        assertThat(q.chargedAmount()).isEqualTo("18.90");
    }

    @Test
    void hoursAreTruncatedLikeMetering() {
        PayPerUseQuote q = Quotes.payPerUse(price(Unit.HOUR, "0.66"), 1, Quotes.hours(Duration.ofSeconds(600)));
        // 600 / 3600 = 0.1666666666 (truncated) x 0.66 = 0.109999999956 -> 0.11000000 (half-up) -> 0.11
        assertThat(q.hours()).isEqualTo("0.1666666666");
        assertThat(q.amount()).isEqualTo("0.11000000");
        assertThat(q.chargedAmount()).isEqualTo("0.11");
    }

    @Test
    void aDiskIsQuotedPerGbHourAsTheRulesWorkedCheck() {
        PayPerUseQuote q = Quotes.payPerUse(price(Unit.GB_HOUR, "0.000064"), 1000, Quotes.hours(Duration.ofSeconds(25_874)));
        // 25874 / 3600 = 7.1872222222 h x 1000 GB = 7187.2222222 GB-h x 0.000064 = 0.4599822222 -> 0.45998222 -> 0.46
        assertThat(q.usage()).isEqualTo("7187.2222222000");
        assertThat(q.amount()).isEqualTo("0.45998222");
        assertThat(q.chargedAmount()).isEqualTo("0.46");
    }

    @Test
    void monthsArePricedAtTheMonthlyPrice() {
        PrepaidQuote q = Quotes.prepaid(new PrepaidTerm(TermUnit.MONTH, 3), 2, T4_MONTH, null);
        // 3402.00 x 2 nodes x 3 months = 20412.00; no term discount on months
        assertThat(q.price()).isSameAs(T4_MONTH);
        assertThat(q.periods()).isEqualTo(3);
        assertThat(q.listAmount()).isEqualTo("20412.00000000");
        assertThat(q.amount()).isEqualTo("20412.00");
        assertThat(q.termDiscount()).isEqualByComparingTo("0");
        assertThat(q.derivedFromMonthly()).isFalse();
    }

    @Test
    void aYearIsPricedAtTheYearlyPriceWithItsTermDiscount() {
        PrepaidQuote q = Quotes.prepaid(new PrepaidTerm(TermUnit.YEAR, 1), 2, T4_MONTH, T4_YEAR);
        // 34020.00 x 2 nodes x 1 year = 68040.00; at the monthly price: 3402 x 2 x 12 = 81648.00; discount 13608.00
        assertThat(q.price()).isSameAs(T4_YEAR);
        assertThat(q.periods()).isEqualTo(1);
        assertThat(q.listAmount()).isEqualTo("68040.00000000");
        assertThat(q.amount()).isEqualTo("68040.00");
        assertThat(q.termDiscount()).isEqualTo("13608.00000000");
    }

    @Test
    void yearsWithoutAYearlyPriceAreTwelveMonthsEach() {
        PrepaidQuote q = Quotes.prepaid(new PrepaidTerm(TermUnit.YEAR, 3), 1, T4_MONTH, null);
        // 3402.00 x 1 node x 36 months = 122472.00
        assertThat(q.periods()).isEqualTo(36);
        assertThat(q.derivedFromMonthly()).isTrue();
        assertThat(q.amount()).isEqualTo("122472.00");
        assertThat(q.termDiscount()).isEqualByComparingTo("0");
        // Only a yearly price: the discount against months is unknown.
        PrepaidQuote onlyYearly = Quotes.prepaid(new PrepaidTerm(TermUnit.YEAR, 2), 1, null, T4_YEAR);
        // 34020.00 x 2 years = 68040.00
        assertThat(onlyYearly.amount()).isEqualTo("68040.00");
        assertThat(onlyYearly.termDiscount()).isNull();
        assertThatThrownBy(() -> Quotes.prepaid(new PrepaidTerm(TermUnit.MONTH, 1), 1, null, T4_YEAR))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePrepaidAmountIsRoundedOnceFromTheExactFigure() {
        PrepaidQuote q = Quotes.prepaid(new PrepaidTerm(TermUnit.MONTH, 1), 1, price(Unit.MONTH, "0.0049999999"), null);
        // exact 0.0049999999: list 0.00500000 at 8 decimals, but the amount is 0.00 (rounding 0.005 again would give 0.01)
        assertThat(q.listAmount()).isEqualTo("0.00500000");
        assertThat(q.amount()).isEqualTo("0.00");
    }

    @Test
    void fiveHundredHoursAMonthOnAT4() {
        ModeComparison c = Quotes.compare(1, new BigDecimal("500"), T4_HOUR, T4_MONTH, T4_YEAR);
        // pay-per-use: 6.30 x 500 h = 3150.00 a month
        assertThat(c.payPerUseMonthlyCost()).isEqualTo("3150.00000000");
        // 1-month term: 3402.00, costs 252.00 more; break-even 3402 / 6.30 = 540 h = 540 / 730 = 0.7397 of a month
        assertThat(c.monthlyTerm().monthlyCost()).isEqualTo("3402.00000000");
        assertThat(c.monthlyTerm().monthlySaving()).isEqualTo("-252.00000000");
        assertThat(c.monthlyTerm().breakEvenHoursPerMonth()).isEqualTo("540.00");
        assertThat(c.monthlyTerm().breakEvenShareOfMonth()).isEqualTo("0.7397");
        // 1-year term: 34020 / 12 = 2835.00 a month, saves 315.00; break-even 2835 / 6.30 = 450 h = 0.6164 of 730
        assertThat(c.yearlyTerm().monthlyCost()).isEqualTo("2835.00000000");
        assertThat(c.yearlyTerm().monthlySaving()).isEqualTo("315.00000000");
        assertThat(c.yearlyTerm().breakEvenHoursPerMonth()).isEqualTo("450.00");
        assertThat(c.yearlyTerm().breakEvenShareOfMonth()).isEqualTo("0.6164");
        assertThat(c.cheapest()).isEqualTo(Choice.YEARLY_TERM);
    }

    @Test
    void aFullMonthAndALightMonth() {
        // 730 h: 6.30 x 730 = 4599.00 x 2 nodes = 9198.00; month 6804.00 saves 2394.00; year 5670.00 saves 3528.00
        ModeComparison full = Quotes.compare(2, Quotes.HOURS_PER_MONTH, T4_HOUR, T4_MONTH, T4_YEAR);
        assertThat(full.payPerUseMonthlyCost()).isEqualTo("9198.00000000");
        assertThat(full.monthlyTerm().monthlySaving()).isEqualTo("2394.00000000");
        assertThat(full.yearlyTerm().monthlySaving()).isEqualTo("3528.00000000");
        // the break-even does not depend on the node count
        assertThat(full.yearlyTerm().breakEvenHoursPerMonth()).isEqualTo("450.00");
        // 100 h: 630.00 a month pay-per-use beats both terms
        ModeComparison light = Quotes.compare(1, new BigDecimal("100"), T4_HOUR, T4_MONTH, T4_YEAR);
        assertThat(light.cheapest()).isEqualTo(Choice.PAY_PER_USE);
        assertThat(light.yearlyTerm().monthlySaving()).isEqualTo("-2205.00000000");
    }

    @Test
    void withoutAYearlyPriceTheYearIsTwelveMonthsAndTheMonthWinsTheTie() {
        ModeComparison c = Quotes.compare(1, Quotes.HOURS_PER_MONTH, T4_HOUR, T4_MONTH, null);
        assertThat(c.yearlyTerm().derivedFromMonthly()).isTrue();
        assertThat(c.yearlyTerm().monthlyCost()).isEqualTo(c.monthlyTerm().monthlyCost());
        // equal costs: the shorter commitment is recommended
        assertThat(c.cheapest()).isEqualTo(Choice.MONTHLY_TERM);
        ModeComparison onlyYear = Quotes.compare(1, Quotes.HOURS_PER_MONTH, T4_HOUR, null, T4_YEAR);
        assertThat(onlyYear.monthlyTerm()).isNull();
        assertThat(onlyYear.cheapest()).isEqualTo(Choice.YEARLY_TERM);
    }

    @Test
    void aYearlyPriceThatTwelveDoesNotDivideIsRoundedHalfUp() {
        ModeComparison c = Quotes.compare(1, Quotes.HOURS_PER_MONTH, price(Unit.HOUR, "0.30"), null,
                price(Unit.YEAR, "1000.00"));
        // 1000 / 12 = 83.333333333... -> 83.33333333; break-even 1000 / (12 x 0.30) = 277.777... -> 277.78 h,
        // 1000 / (3.6 x 730 = 2628) = 0.38051... -> 0.3805
        assertThat(c.yearlyTerm().monthlyCost()).isEqualTo("83.33333333");
        assertThat(c.yearlyTerm().breakEvenHoursPerMonth()).isEqualTo("277.78");
        assertThat(c.yearlyTerm().breakEvenShareOfMonth()).isEqualTo("0.3805");
        // pay-per-use 0.30 x 730 = 219.00; saving 219.00 - 83.33333333 = 135.66666667
        assertThat(c.yearlyTerm().monthlySaving()).isEqualTo("135.66666667");
    }

    @Test
    void aFreeHourlyPriceHasNoBreakEven() {
        ModeComparison c = Quotes.compare(1, Quotes.HOURS_PER_MONTH, price(Unit.HOUR, "0"), T4_MONTH, T4_YEAR);
        assertThat(c.monthlyTerm().breakEvenHoursPerMonth()).isNull();
        assertThat(c.monthlyTerm().breakEvenShareOfMonth()).isNull();
        assertThat(c.cheapest()).isEqualTo(Choice.PAY_PER_USE);
    }

    @Test
    void moreUseNeverCostsLessAndTheBreakEvenSeparatesTheCheaperMode() {
        Random random = new Random(20260315);
        for (int i = 0; i < 2000; i++) {
            PriceVersion hourly = price(Unit.HOUR, BigDecimal.valueOf(1 + random.nextInt(100_000), 4).toPlainString());
            PriceVersion monthly = price(Unit.MONTH, BigDecimal.valueOf(1 + random.nextInt(100_000_000), 4).toPlainString());
            int nodes = 1 + random.nextInt(64);
            BigDecimal less = BigDecimal.valueOf(random.nextInt(730_00), 2);
            BigDecimal more = less.add(BigDecimal.valueOf(random.nextInt(730_00 - less.movePointRight(2).intValue() + 1), 2));
            ModeComparison a = Quotes.compare(nodes, less, hourly, monthly, null);
            ModeComparison b = Quotes.compare(nodes, more, hourly, monthly, null);
            assertThat(b.payPerUseMonthlyCost()).isGreaterThanOrEqualTo(a.payPerUseMonthlyCost());
            assertThat(b.monthlyTerm().monthlySaving()).isGreaterThanOrEqualTo(a.monthlyTerm().monthlySaving());
            // above the (unrounded) break-even the term saves money, below it it does not
            BigDecimal breakEven = monthly.unitPrice().divide(hourly.unitPrice(), 20, java.math.RoundingMode.HALF_UP);
            if (more.compareTo(breakEven.add(BigDecimal.ONE)) > 0) {
                assertThat(b.monthlyTerm().monthlySaving().signum()).isPositive();
            }
            if (less.compareTo(breakEven.subtract(BigDecimal.ONE)) < 0) {
                assertThat(a.monthlyTerm().monthlySaving().signum()).isNegative();
            }
        }
    }
}
