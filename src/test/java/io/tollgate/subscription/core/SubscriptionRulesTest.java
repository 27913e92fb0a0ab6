package io.tollgate.subscription.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SubscriptionRulesTest {
    private static final ZoneId ZONE = ZoneId.of("+08:00");

    @Test
    void aMonthBoughtAt155004EndsAt235959OfTheSameDayAMonthLater() {
        Instant paid = Instant.parse("2023-03-08T07:50:04Z"); // 15:50:04 at +08:00
        Term month = new Term(Term.TermUnit.MONTH, 1);
        assertThat(month.expiresAt(paid, ZONE)).isEqualTo(Instant.parse("2023-04-08T15:59:59Z"));
        // A renewal runs from the old expiry.
        assertThat(new Term(Term.TermUnit.MONTH, 2).renewedExpiry(Instant.parse("2023-04-08T15:59:59Z"), ZONE))
                .isEqualTo(Instant.parse("2023-06-08T15:59:59Z"));
        // The 31st plus a month is clamped to the end of February.
        assertThat(month.expiryDate(LocalDate.of(2026, 1, 31))).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(new Term(Term.TermUnit.YEAR, 3).months()).isEqualTo(36);
    }

    @Test
    void termsAreOneToElevenMonthsOrOneToThreeYears() {
        assertThatThrownBy(() -> new Term(Term.TermUnit.MONTH, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Term(Term.TermUnit.MONTH, 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Term(Term.TermUnit.YEAR, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRemainingFactorSumsCalendarMonthFractionsWithoutTheChangeDay() {
        // Change on 2026-03-10, expiry 2026-05-08: March 11-31 = 21/31 = 0.677419, April 30/30 = 1,
        // May 1-8 = 8/31 = 0.258065; sum 1.935484 -> 1.9355.
        BigDecimal factor = ProRating.remainingFactor(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 5, 8));
        assertThat(factor).isEqualTo(new BigDecimal("1.9355"));
        // Upgrade from 200 to 300 a month: 100 x 1.9355 = 193.55; a downgrade refunds as much.
        assertThat(ProRating.changeFee(new BigDecimal("200"), new BigDecimal("300"), factor))
                .isEqualTo(new BigDecimal("193.55"));
        assertThat(ProRating.changeFee(new BigDecimal("300"), new BigDecimal("200"), factor))
                .isEqualTo(new BigDecimal("-193.55"));
        // Fees are truncated: 33.33 x 1.9355 = 64.510215 -> 64.51.
        assertThat(ProRating.changeFee(new BigDecimal("0"), new BigDecimal("33.33"), factor))
                .isEqualTo(new BigDecimal("64.51"));
        assertThat(ProRating.remainingFactor(LocalDate.of(2026, 5, 8), LocalDate.of(2026, 5, 8)))
                .isEqualByComparingTo("0");
    }

    @Test
    void anUnsubscriptionRefundsPaidLessConsumedLessTheHandlingFee() {
        // One month paid 720.00, effective 2026-03-01 10:30 (+08:00), ends 2026-04-01 23:59:59. The order
        // counts from the start of its hour, 10:00, to the next midnight 2026-04-02 00:00: 31 days 14 h = 758 h
        // (the old code floored from 10:30 and counted 757). Used until 2026-03-11 12:45, which counts to 12:00:
        // 10 days 2 h = 242 h.
        Instant effective = Instant.parse("2026-03-01T02:30:00Z");
        Term month = new Term(Term.TermUnit.MONTH, 1);
        Instant end = Term.endExclusive(month.expiresAt(effective, ZONE));
        Refunds.Refund r = Refunds.refund(new BigDecimal("720.00"), month, effective, end, effective,
                Instant.parse("2026-03-11T04:45:00Z"), ZONE);
        assertThat(r.orderHours()).isEqualTo(758);
        assertThat(r.usedHours()).isEqualTo(242);
        // consumed = 720 x 242 / 758 = 229.868... -> 229.87; fee = 10% = 72.00; refund = 720 - 229.87 - 72 = 418.13
        assertThat(r.consumed()).isEqualTo(new BigDecimal("229.87"));
        assertThat(r.handlingFee()).isEqualTo(new BigDecimal("72.00"));
        assertThat(r.refund()).isEqualTo(new BigDecimal("418.13"));
    }

    @Test
    void unsubscriptionHoursCountFromTheStartOfTheHourOfEffectToTheStartOfTheHourOfUnsubscription() {
        // Effective 2026-06-10 10:30:00 (+08:00), one month: expiry 2026-07-10 23:59:59, counted to 07-11 00:00.
        // Order hours: 10:00 on 06-10 to 07-11 00:00 = 30 days 14 h = 734. Unsubscribed 06-12 18:40, counted to
        // 18:00: from 06-10 10:00 = 2 days 8 h = 56 h. Paid 734.00: consumed = 734 x 56 / 734 = 56.00;
        // fee 73.40; refund = 734 - 56 - 73.40 = 604.60.
        Instant effective = Instant.parse("2026-06-10T02:30:00Z");
        Term month = new Term(Term.TermUnit.MONTH, 1);
        Instant expires = month.expiresAt(effective, ZONE);
        assertThat(expires).isEqualTo(Instant.parse("2026-07-10T15:59:59Z"));
        Refunds.Refund r = Refunds.refund(new BigDecimal("734.00"), month, effective, Term.endExclusive(expires),
                effective, Instant.parse("2026-06-12T10:40:00Z"), ZONE);
        assertThat(r.orderHours()).isEqualTo(734);
        assertThat(r.usedHours()).isEqualTo(56);
        assertThat(r.refund()).isEqualTo(new BigDecimal("604.60"));
        // An end given as 23:59:59 itself also counts to the next midnight.
        assertThat(Refunds.refund(new BigDecimal("734.00"), month, effective, expires, effective,
                Instant.parse("2026-06-12T10:40:00Z"), ZONE).orderHours()).isEqualTo(734);
    }

    @Test
    void aDowngradeSliceIsNegativeAndTakesOffWhatItAlreadyGaveBack() {
        // A downgrade gave back 100.00 for 2026-06-20 10:00 .. 07-01 00:00 (254 h: 14 h + 10 days). Unsubscribed
        // 06-25 10:00: used 5 days = 120 h. consumed = -100 x 120 / 254 = -47.24; fee = 10% of -100 = -10.00;
        // refund = -100 + 47.24 + 10.00 = -42.76 (negative: not floored, it reduces the other slices' refund).
        Term month = new Term(Term.TermUnit.MONTH, 1);
        Refunds.Refund r = Refunds.refund(new BigDecimal("-100.00"), month, Instant.parse("2026-06-20T02:00:00Z"),
                Instant.parse("2026-06-30T16:00:00Z"), Instant.parse("2026-06-01T02:00:00Z"),
                Instant.parse("2026-06-25T02:00:00Z"), ZONE);
        assertThat(r.orderHours()).isEqualTo(254);
        assertThat(r.usedHours()).isEqualTo(120);
        assertThat(r.consumed()).isEqualTo(new BigDecimal("-47.24"));
        assertThat(r.refund()).isEqualTo(new BigDecimal("-42.76"));
    }

    @Test
    void theHandlingFeeYearCountsFromTheOrdersStartNotFromTheSlice() {
        // A 2-year term bought 2026-01-01; an upgrade slice from 2027-02-01; unsubscribed 2027-03-01: the second
        // year of use of the order (10%), not the first year of the upgrade (15%). Upgrade paid 100.00 for
        // 2027-02-01 00:00 .. 2028-01-02 00:00 = 335 days = 8040 h; used 28 days = 672 h.
        // consumed = 100 x 672 / 8040 = 8.358... -> 8.36; fee 10.00; refund = 100 - 8.36 - 10 = 81.64.
        Term two = new Term(Term.TermUnit.YEAR, 2);
        Instant orderStart = Instant.parse("2025-12-31T16:00:00Z");
        Refunds.Refund r = Refunds.refund(new BigDecimal("100.00"), two, Instant.parse("2027-01-31T16:00:00Z"),
                Instant.parse("2028-01-01T16:00:00Z"), orderStart, Instant.parse("2027-02-28T16:00:00Z"), ZONE);
        assertThat(r.feeShare()).isEqualTo(new BigDecimal("0.10"));
        assertThat(r.refund()).isEqualTo(new BigDecimal("81.64"));
    }

    @Test
    void monthEndTermsRenewToTheLastDayOfTheTargetMonth() {
        Term month = new Term(Term.TermUnit.MONTH, 1);
        // A term expiring on the last day of April renews to 31 May, not 30 May.
        assertThat(month.renewedExpiryDate(LocalDate.of(2026, 4, 30))).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(month.renewedExpiry(Term.lastSecondOf(LocalDate.of(2026, 4, 30), ZONE), ZONE))
                .isEqualTo(Instant.parse("2026-05-31T15:59:59Z"));
        // Bought 31 January: February lacks the 31st, so 28 February; renewed from that month end: 31 March.
        assertThat(month.expiryDate(LocalDate.of(2026, 1, 31))).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(month.renewedExpiryDate(LocalDate.of(2026, 2, 28))).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(month.expiryDate(LocalDate.of(2028, 1, 31))).isEqualTo(LocalDate.of(2028, 2, 29));
        // Bought on the 30th of April (section 4 names only renewals for the month end): 30 May.
        assertThat(month.expiryDate(LocalDate.of(2026, 4, 30))).isEqualTo(LocalDate.of(2026, 5, 30));
        // Not a month end: the same day, clamped (30 May -> 30 June; 30 January -> 28 February).
        assertThat(month.renewedExpiryDate(LocalDate.of(2026, 5, 30))).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(month.renewedExpiryDate(LocalDate.of(2026, 1, 30))).isEqualTo(LocalDate.of(2026, 2, 28));
        // Years: 28 February 2027 is a month end, so a year later is 29 February 2028.
        assertThat(new Term(Term.TermUnit.YEAR, 1).renewedExpiryDate(LocalDate.of(2027, 2, 28)))
                .isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(new Term(Term.TermUnit.MONTH, 2).renewedExpiryDate(LocalDate.of(2026, 6, 30)))
                .isEqualTo(LocalDate.of(2026, 8, 31));
    }

    @Test
    void theRemainingFactorNeverExceedsTheRemainingShareOfTheTerm() {
        // Bought 2026-03-01 for one month (expiry 04-01) and changed the same day: 30/31 + 1/30 = 1.001075,
        // more than the one month paid. The share of the term remaining is 1.001075 / 1.001075 = 1: factor 1.0000.
        LocalDate bought = LocalDate.of(2026, 3, 1);
        LocalDate expiry = LocalDate.of(2026, 4, 1);
        assertThat(ProRating.remainingFactor(bought, expiry)).isEqualTo(new BigDecimal("1.0011"));
        assertThat(ProRating.remainingFactor(bought, expiry, bought, 1)).isEqualTo(new BigDecimal("1.0000"));
        // Ten days later: 21/31 + 1/30 = 0.710753; share 1 x 0.710753 / 1.001075 = 0.709990 -> 0.7100.
        assertThat(ProRating.remainingFactor(LocalDate.of(2026, 3, 10), expiry, bought, 1))
                .isEqualTo(new BigDecimal("0.7100"));
        // Where the month fractions of the whole term are its months (2026-03-01 to 05-01: 30/31 + 1 + 1/31 = 2),
        // nothing changes: 03-10 gives 21/31 + 1 + 1/31 = 1.709677 -> 1.7097 either way.
        assertThat(ProRating.remainingFactor(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 5, 1), bought, 2))
                .isEqualTo(new BigDecimal("1.7097"));
    }

    @Test
    void handlingFeesDependOnTheTermAndTheYearOfUseAndRefundsNeverGoNegative() {
        Term two = new Term(Term.TermUnit.YEAR, 2);
        Term three = new Term(Term.TermUnit.YEAR, 3);
        assertThat(Refunds.handlingFeeShare(two, 1)).isEqualTo(new BigDecimal("0.15"));
        assertThat(Refunds.handlingFeeShare(two, 2)).isEqualTo(new BigDecimal("0.10"));
        assertThat(Refunds.handlingFeeShare(three, 3)).isEqualTo(new BigDecimal("0.05"));
        assertThat(Refunds.handlingFeeShare(new Term(Term.TermUnit.YEAR, 1), 1)).isEqualTo(new BigDecimal("0.10"));
        Instant effective = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Refunds.yearOfUse(effective, Instant.parse("2026-12-31T00:00:00Z"), ZONE)).isEqualTo(1);
        assertThat(Refunds.yearOfUse(effective, Instant.parse("2027-01-02T00:00:00Z"), ZONE)).isEqualTo(2);
        // Nearly all used: paid 100, consumed 99.xx, fee 10 -> no refund, not a negative one.
        Term month = new Term(Term.TermUnit.MONTH, 1);
        Instant end = Term.endExclusive(month.expiresAt(effective, ZONE));
        assertThat(Refunds.refund(new BigDecimal("100.00"), month, effective, end, effective, end.minusSeconds(7200),
                ZONE).refund())
                .isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void autoRenewalIsAttemptedAt0300OnTheDeductionDayThenDailyUntilExpiry() {
        // Expiry 2026-05-20 23:59:59 (+08:00); deduction day 7 days before: 2026-05-13 03:00 (+08:00) = 05-12 19:00Z.
        Instant expires = Instant.parse("2026-05-20T15:59:59Z");
        Instant early = Instant.parse("2026-05-01T00:00:00Z");
        assertThat(Renewals.firstAttempt(expires, 7, early, ZONE)).isEqualTo(Instant.parse("2026-05-12T19:00:00Z"));
        assertThat(Renewals.firstAttempt(expires, 0, early, ZONE)).isEqualTo(Instant.parse("2026-05-19T19:00:00Z"));
        // Switched on after the deduction day: at once.
        Instant late = Instant.parse("2026-05-16T08:00:00Z");
        assertThat(Renewals.firstAttempt(expires, 7, late, ZONE)).isEqualTo(late);
        assertThat(Renewals.firstAttempt(expires, 7, expires, ZONE)).isNull();
        // Retries: 03:00 the next day, the last one on the expiry date itself.
        assertThat(Renewals.retry(Instant.parse("2026-05-12T19:00:00Z"), expires, ZONE))
                .isEqualTo(Instant.parse("2026-05-13T19:00:00Z"));
        assertThat(Renewals.retry(Instant.parse("2026-05-18T19:00:00Z"), expires, ZONE))
                .isEqualTo(Instant.parse("2026-05-19T19:00:00Z"));
        assertThat(Renewals.retry(Instant.parse("2026-05-19T19:00:00Z"), expires, ZONE)).isNull();
    }
}
