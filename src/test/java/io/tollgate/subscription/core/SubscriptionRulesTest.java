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
        // One month paid 720.00, effective 2026-03-01 10:30 (+08:00), ends 2026-04-01 24:00:
        // order hours = floor(31 days 13.5 h) = 757; used until 2026-03-11 12:45 = floor(242.25 h) = 242.
        Instant effective = Instant.parse("2026-03-01T02:30:00Z");
        Term month = new Term(Term.TermUnit.MONTH, 1);
        Instant end = Term.endExclusive(month.expiresAt(effective, ZONE));
        Refunds.Refund r = Refunds.refund(new BigDecimal("720.00"), month, effective, end,
                Instant.parse("2026-03-11T04:45:00Z"), ZONE);
        assertThat(r.orderHours()).isEqualTo(757);
        assertThat(r.usedHours()).isEqualTo(242);
        // consumed = 720 x 242 / 757 = 230.17; fee = 10% = 72.00; refund = 720 - 230.17 - 72 = 417.83
        assertThat(r.consumed()).isEqualTo(new BigDecimal("230.17"));
        assertThat(r.handlingFee()).isEqualTo(new BigDecimal("72.00"));
        assertThat(r.refund()).isEqualTo(new BigDecimal("417.83"));
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
        assertThat(Refunds.refund(new BigDecimal("100.00"), month, effective, end, end.minusSeconds(7200), ZONE).refund())
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
