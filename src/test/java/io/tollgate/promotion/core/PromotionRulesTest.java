package io.tollgate.promotion.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure promotion rules: eligibility, statuses, the best discount and the best cash coupon. */
class PromotionRulesTest {
    private static final Instant FROM = Instant.parse("2030-03-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2030-04-01T00:00:00Z");
    private static final Instant AT = Instant.parse("2030-03-10T12:00:00Z");

    private static Coupon cash(String id, String face, Instant until, Restrictions r) {
        return new Coupon(id, "c", null, Coupon.Kind.CASH, "CNY", new BigDecimal(face), null, null, FROM, until, r,
                null, null, FROM);
    }

    private static Purchase order(String amount) {
        return new Purchase("modelarts", "modelarts.pool", Purchase.PREPAID, "NEW", "cn-north-4",
                new BigDecimal(amount), AT);
    }

    @Test
    void eachRestrictionRefusesWithItsName() {
        Purchase p = order("1000.00");
        BigDecimal left = new BigDecimal("50.00");
        Map<String, Restrictions> refusing = Map.of(
                "serviceTypes", new Restrictions(Set.of("obs"), Set.of(), Set.of(), Set.of(), Set.of(), null),
                "resourceTypes", new Restrictions(Set.of(), Set.of("modelarts.notebook"), Set.of(), Set.of(), Set.of(), null),
                "billingModes", new Restrictions(Set.of(), Set.of(), Set.of("PAY_PER_USE"), Set.of(), Set.of(), null),
                "orderTypes", new Restrictions(Set.of(), Set.of(), Set.of(), Set.of("RENEWAL"), Set.of(), null),
                "regions", new Restrictions(Set.of(), Set.of(), Set.of(), Set.of(), Set.of("cn-east-3"), null),
                "minAmount", new Restrictions(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
                        new BigDecimal("1000.01")));
        refusing.forEach((name, r) -> assertThat(Eligibility.check(cash("x", "50.00", UNTIL, r), left, p))
                .as(name).contains(new Eligibility.Refusal("coupon-not-eligible", name)));
        // 1000.00 is not below a minimum of 1000.00: the minimum is inclusive.
        assertThat(Eligibility.check(cash("x", "50.00", UNTIL, new Restrictions(Set.of("modelarts"),
                Set.of("modelarts.pool"), Set.of("PREPAID"), Set.of("NEW"), Set.of("cn-north-4"),
                new BigDecimal("1000.00"))), left, p)).isEmpty();
    }

    @Test
    void statusFollowsValidityAndRemainder() {
        Coupon c = cash("x", "50.00", UNTIL, Restrictions.none());
        assertThat(c.status(new BigDecimal("50.00"), FROM.minusSeconds(1))).isEqualTo(Coupon.Status.NOT_YET_VALID);
        assertThat(c.status(new BigDecimal("50.00"), FROM)).isEqualTo(Coupon.Status.USABLE);
        assertThat(c.status(new BigDecimal("0.01"), UNTIL.minusSeconds(1))).isEqualTo(Coupon.Status.USABLE);
        assertThat(c.status(new BigDecimal("0.01"), UNTIL)).isEqualTo(Coupon.Status.EXPIRED);
        assertThat(c.status(new BigDecimal("0.00"), AT)).isEqualTo(Coupon.Status.USED_UP);
        assertThat(Eligibility.check(c, new BigDecimal("50.00"), new Purchase(null, null, null, null, null, null,
                UNTIL))).contains(new Eligibility.Refusal("coupon-expired", null));
        assertThat(Eligibility.check(c, new BigDecimal("50.00"), new Purchase(null, null, null, null, null, null,
                FROM.minusSeconds(1)))).contains(new Eligibility.Refusal("coupon-not-yet-valid", null));
    }

    @Test
    void aPayPerUseLineIsNotHeldToOrderRestrictions() {
        Purchase line = new Purchase("modelarts", "modelarts.pool", Purchase.PAY_PER_USE, null, "cn-north-4", null, AT);
        Restrictions minOnly = new Restrictions(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), new BigDecimal("500"));
        Restrictions ordersOnly = new Restrictions(Set.of(), Set.of(), Set.of(), Set.of("NEW"), Set.of(), null);
        assertThat(Eligibility.eligible(cash("x", "5.00", UNTIL, minOnly), BigDecimal.ONE, line)).isTrue();
        assertThat(Eligibility.check(cash("x", "5.00", UNTIL, ordersOnly), BigDecimal.ONE, line))
                .contains(new Eligibility.Refusal("coupon-not-eligible", "orderTypes"));
    }

    @Test
    void validityEndsAtTheMidnightAfterTheLastDayInTheBillingZone() {
        // last day 2030-03-31 in +08:00: valid until 2030-04-01T00:00+08:00 = 2030-03-31T16:00Z (23:59:59 included)
        assertThat(Validity.until(LocalDate.parse("2030-03-31"), ZoneOffset.ofHours(8)))
                .isEqualTo(Instant.parse("2030-03-31T16:00:00Z"));
    }

    @Test
    void theBestDiscountWinsAndNeverTwo() {
        List<Discount> ds = List.of(
                new Discount(1, "c", new BigDecimal("10"), null, null, FROM, null),
                new Discount(2, "c", new BigDecimal("15"), "modelarts", "PAY_PER_USE", FROM, UNTIL),
                new Discount(3, "c", new BigDecimal("12"), "modelarts", null, FROM, null),
                new Discount(4, "c", new BigDecimal("30"), null, null, UNTIL, null));
        // pay-per-use modelarts: 10, 15 and 12 apply (30 starts later): 15
        assertThat(Discounts.best(ds, "modelarts", "PAY_PER_USE", AT).map(Discount::id)).contains(2L);
        // prepaid modelarts: 10 and 12 apply: 12
        assertThat(Discounts.best(ds, "modelarts", "PREPAID", AT).map(Discount::id)).contains(3L);
        // after UNTIL: 10, 12 and 30 apply: 30, alone
        assertThat(Discounts.best(ds, "modelarts", "PAY_PER_USE", UNTIL).map(Discount::id)).contains(4L);
        assertThat(Discounts.best(ds, "obs", "PAY_PER_USE", FROM.minusSeconds(1))).isEmpty();
        // 1000.00 x 10% = 100.00; 0.12345678 x 15% = 0.018518517 -> 0.01851852 half-up at 8 decimals
        assertThat(Discounts.amountOff(new BigDecimal("1000.00"), new BigDecimal("10"), 2)).isEqualByComparingTo("100.00");
        assertThat(Discounts.amountOff(new BigDecimal("0.12345678"), new BigDecimal("15"), 8))
                .isEqualByComparingTo("0.01851852");
        // a discount coupon at 0.85: 1000.00 x 0.15 = 150.00, capped at 120.00
        assertThat(Discounts.couponAmountOff(new BigDecimal("1000.00"), new BigDecimal("0.85"), new BigDecimal("120.00")))
                .isEqualByComparingTo("120.00");
        assertThat(Discounts.couponAmountOff(new BigDecimal("1000.00"), new BigDecimal("0.85"), null))
                .isEqualByComparingTo("150.00");
    }

    @Test
    void theBestCashCouponPaysMostThenExpiresFirst() {
        Instant early = UNTIL.minusSeconds(86400);
        Coupon a = cash("a", "30.00", UNTIL, Restrictions.none());
        Coupon b = cash("b", "80.00", UNTIL, Restrictions.none());
        Coupon c = cash("c", "100.00", early, Restrictions.none());
        Map<String, BigDecimal> left = Map.of("a", new BigDecimal("30.00"), "b", new BigDecimal("80.00"),
                "c", new BigDecimal("100.00"));
        // due 900.00: c pays 100.00, the most
        assertThat(CouponChoice.bestCash(List.of(a, b, c), left, new BigDecimal("900.00"))).contains(c);
        // due 50.00: b and c both pay 50.00; c expires first
        assertThat(CouponChoice.bestCash(List.of(a, b, c), left, new BigDecimal("50.00"))).contains(c);
        // due 20.00 without c: a and b pay 20.00, same expiry: by id, a
        assertThat(CouponChoice.bestCash(List.of(b, a), left, new BigDecimal("20.00"))).contains(a);
    }
}
