package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seeded random sequences of prepaid operations (buy, renew, upgrade, downgrade, unsubscribe,
 * mode change, top-ups, clock jumps to month ends) through HTTP, against a small model written
 * here from billing-rules.md sections 4 and 6: the model says what each order must cost (price x
 * quantity x months; the change fee from its own month-fraction factor), keeps what each
 * subscription paid and got back, and after every step the balance must be
 * top-ups - payments + refunds, no subscription may have got back more than it paid, every paid
 * order must be paid in cash and credit to its amount due, and a five-day unsubscription must
 * return exactly what the subscription still held. A failing seed is replayable by its number.
 */
class PrepaidMoneyPropertyIT extends IntegrationTest {
    private static final int SEEDS = 5;
    private static final int STEPS = 14;
    private static final BigDecimal MONTHLY = new BigDecimal("100.00");

    /** The model of one subscription. */
    private static final class Sub {
        final String id;
        final LocalDate purchaseDay;
        final Instant purchasedAt;
        int nodes;
        LocalDate expiry;
        /** The base terms (purchase, renewals): [start day as the rule counts it, expiry day, months]. */
        final List<Object[]> terms = new ArrayList<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        boolean gone;

        Sub(String id, LocalDate day, Instant at, int nodes, int months) {
            this.id = id;
            this.purchaseDay = day;
            this.purchasedAt = at;
            this.nodes = nodes;
            this.expiry = PrepaidModel.purchaseExpiry(day, months);
            terms.add(new Object[] {day, expiry, months});
        }

        BigDecimal held() {
            return paid.subtract(refunded);
        }
    }

    private Fixture.CustomerKeys c;
    private String spec;
    private String type;
    private BigDecimal topUps;
    private BigDecimal payments;
    private BigDecimal refunds;
    private List<Sub> subs;

    @Test
    void refundsNeverExceedPaymentsAndNoMoneyIsCreatedOrLost() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random random = new Random(seed);
        c = fx.customer();
        spec = new PrepaidFixture(api, fx).computeSpec("1.00", MONTHLY.toPlainString(), null);
        type = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(new PrepaidFixture(api, fx).resourceType(type, true), 201);
        topUps = BigDecimal.ZERO;
        payments = BigDecimal.ZERO;
        refunds = BigDecimal.ZERO;
        subs = new ArrayList<>();
        fx.advanceTo(Fixture.at(fx.nextDay(), "09:30:00"));
        topUp(new BigDecimal("500.00"));
        for (int step = 0; step < STEPS; step++) {
            String what = "seed " + seed + " step " + step;
            int pick = random.nextInt(100);
            List<Sub> live = subs.stream().filter(s -> !s.gone && !today().isAfter(s.expiry.plusDays(10))).toList();
            if (pick < 20 || live.isEmpty()) {
                buy(random.nextInt(3) + 1, random.nextInt(3) + 1, what);
            } else if (pick < 30) {
                modeChange(random.nextInt(2) + 1, what);
            } else if (pick < 45) {
                renew(live.get(random.nextInt(live.size())), random.nextInt(2) + 1, what);
            } else if (pick < 65) {
                List<Sub> active = live.stream().filter(s -> !today().isAfter(s.expiry)).toList();
                if (!active.isEmpty()) {
                    Sub s = active.get(random.nextInt(active.size()));
                    change(s, random.nextBoolean() && s.nodes > 1 ? s.nodes - 1 : s.nodes + 1, what);
                }
            } else if (pick < 75) {
                unsubscribe(live.get(random.nextInt(live.size())), what);
            } else if (pick < 85) {
                topUp(new BigDecimal(random.nextInt(900) + 100).setScale(2));
            } else if (pick < 93) {
                // A month boundary: the last day of this month at 22:00, or the 1st of the next at 00:30.
                LocalDate end = today().withDayOfMonth(today().lengthOfMonth());
                fx.advanceTo(random.nextBoolean() ? end.atTime(22, 0).atZone(Fixture.ZONE).toInstant()
                        : end.plusDays(1).atTime(0, 30).atZone(Fixture.ZONE).toInstant());
            } else {
                fx.advanceTo(clock.instant().plus(Duration.ofHours(random.nextInt(120) + 1)));
            }
            check(what);
        }
    }

    private LocalDate today() {
        return clock.instant().atZone(Fixture.ZONE).toLocalDate();
    }

    private BigDecimal cash() {
        return new BigDecimal(fx.balance(c).path("cash").asString());
    }

    private void topUp(BigDecimal amount) {
        fx.expect(fx.topUp(c, amount.toPlainString()), 201);
        topUps = topUps.add(amount);
    }

    /** Tops up so that the model's cash covers {@code due}: the model knows the balance exactly. */
    private void cover(BigDecimal due) {
        BigDecimal cash = topUps.subtract(payments).add(refunds);
        if (cash.compareTo(due) < 0) {
            topUp(due.subtract(cash).add(new BigDecimal("50.00")).setScale(2, RoundingMode.UNNECESSARY));
        }
    }

    private Api.Response post(String path, Object body) {
        return api.post("/api/v1/customers/" + c.id() + path, c.adminKey(), Api.json(body), "k-" + UUID.randomUUID());
    }

    private void paid(Api.Response r, BigDecimal due, Sub s, String what) {
        fx.expect(r, 201);
        assertThat(new BigDecimal(r.json().path("listAmount").asString())).as(what + " amount due")
                .isEqualByComparingTo(due);
        assertThat(r.json().path("status").asString()).as(what).isEqualTo("PAID");
        BigDecimal cashAndCredit = new BigDecimal(r.json().path("cashAmount").asString())
                .add(new BigDecimal(r.json().path("creditAmount").asString()));
        assertThat(cashAndCredit).as(what + ": cash + credit paid = amount due").isEqualByComparingTo(due);
        payments = payments.add(due);
        s.paid = s.paid.add(due);
    }

    private void buy(int nodes, int months, String what) {
        BigDecimal due = MONTHLY.multiply(BigDecimal.valueOf((long) nodes * months)).setScale(2);
        cover(due);
        Map<String, Object> body = PrepaidMoneyIT.purchase(type, spec, nodes, null, "MONTH", months);
        Api.Response r = post("/orders", body);
        Sub s = new Sub(r.json().path("resourceId").asString(), today(), clock.instant(), nodes, months);
        paid(r, due, s, what + " buy");
        assertThat(Instant.parse(r.json().path("expiresAt").asString())).as(what + " expiry")
                .isEqualTo(lastSecond(s.expiry));
        subs.add(s);
    }

    private void modeChange(int nodes, String what) {
        BigDecimal due = MONTHLY.multiply(BigDecimal.valueOf(nodes)).setScale(2);
        cover(due);
        String rid = fx.create(c, type, spec, nodes, clock.instant());
        Api.Response r = post("/resources/" + rid + "/to-prepaid", Map.of("term", Map.of("unit", "MONTH", "count", 1)));
        Sub s = new Sub(rid, today(), clock.instant(), nodes, 1);
        paid(r, due, s, what + " mode change");
        subs.add(s);
    }

    private void renew(Sub s, int months, String what) {
        BigDecimal due = MONTHLY.multiply(BigDecimal.valueOf((long) s.nodes * months)).setScale(2);
        cover(due);
        Api.Response r = post("/subscriptions/" + s.id + "/renew", Map.of("term", Map.of("unit", "MONTH", "count", months)));
        LocalDate old = s.expiry;
        s.expiry = PrepaidModel.renewalExpiry(old, months);
        s.terms.add(new Object[] {old, s.expiry, months});
        paid(r, due, s, what + " renew");
        assertThat(Instant.parse(r.json().path("expiresAt").asString())).as(what + " renewal expiry")
                .isEqualTo(lastSecond(s.expiry));
    }

    private void change(Sub s, int nodes, String what) {
        // The model's factor: month fractions to the expiry, capped by the share left of the running terms.
        LocalDate day = today();
        List<Object[]> running = s.terms.stream().filter(t -> !day.isAfter((LocalDate) t[1])).toList();
        LocalDate start = (LocalDate) running.get(0)[0];
        int months = running.stream().mapToInt(t -> (Integer) t[2]).sum();
        BigDecimal factor = PrepaidModel.factor(day, s.expiry, start, months);
        BigDecimal diff = MONTHLY.multiply(BigDecimal.valueOf(nodes - s.nodes)).multiply(factor)
                .setScale(2, RoundingMode.DOWN);
        if (diff.signum() > 0) {
            cover(diff);
        }
        Api.Response r = post("/subscriptions/" + s.id + "/change", Map.of("nodes", nodes));
        fx.expect(r, 201);
        assertThat(new BigDecimal(r.json().path("details").path("remainingFactor").asString())).as(what + " factor")
                .isEqualByComparingTo(factor);
        if (diff.signum() > 0) {
            paid(r, diff, s, what + " upgrade");
        } else {
            BigDecimal back = diff.negate().min(s.held());
            assertThat(new BigDecimal(r.json().path("refundAmount").asString())).as(what + " downgrade refund")
                    .isEqualByComparingTo(back);
            s.refunded = s.refunded.add(back);
            refunds = refunds.add(back);
        }
        s.nodes = nodes;
    }

    private void unsubscribe(Sub s, String what) {
        Api.Response r = api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + s.id + "/unsubscribe",
                c.adminKey(), "", "k-" + UUID.randomUUID());
        fx.expect(r, 201);
        BigDecimal back = new BigDecimal(r.json().path("refundAmount").asString());
        assertThat(back).as(what + " refund").isBetween(BigDecimal.ZERO, s.held());
        boolean fiveDay = clock.instant().isBefore(s.purchasedAt.plus(Duration.ofDays(5)));
        assertThat(r.json().path("details").path("fiveDay").asBoolean()).as(what + " five-day").isEqualTo(fiveDay);
        if (fiveDay) {
            assertThat(back).as(what + " five-day refund = what is held").isEqualByComparingTo(s.held());
        }
        s.refunded = s.refunded.add(back);
        refunds = refunds.add(back);
        s.gone = true;
    }

    private void check(String what) {
        assertThat(cash()).as(what + ": cash = top-ups - payments + refunds")
                .isEqualByComparingTo(topUps.subtract(payments).add(refunds));
        for (Sub s : subs) {
            assertThat(s.refunded).as(what + ": refunds of " + s.id + " within payments").isLessThanOrEqualTo(s.paid);
        }
    }

    private static Instant lastSecond(LocalDate expiry) {
        return expiry.atTime(23, 59, 59).atZone(Fixture.ZONE).toInstant();
    }
}
