package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The balance alert (issue 9 part 8) and the operator's coupon requests: one outbox event per
 * downward crossing of the threshold by settlement charges and order payments, re-armed by a
 * top-up; campaigns issue one coupon per customer with an Idempotency-Key; revoking takes back
 * only unused coupons.
 */
class BalanceAlertIT extends IntegrationTest {

    private long alerts(Fixture.CustomerKeys c) {
        return jdbc.queryForObject("select count(*) from notify_outbox where customer_id = ? "
                + "and topic = 'balance.below-threshold'", Long.class, c.id());
    }

    private JsonNode alert(Fixture.CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/balance-alert", c.financeKey());
        fx.expect(r, 200);
        return r.json();
    }

    @Test
    void oneEventPerDownwardCrossing() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("0.60");
        fx.expect(fx.topUp(c, "6.00"), 201);
        Api.Response set = api.put("/api/v1/customers/" + c.id() + "/balance-alert", c.adminKey(),
                Map.of("threshold", "5.00"));
        fx.expect(set, 200);
        assertThat(set.json().path("armed").asBoolean()).isTrue(); // 6.00 >= 5.00
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "10:00"));
        fx.create(c, "it.compute", spec, 1, Fixture.at(day, "10:00"));
        fx.settleThrough(Fixture.at(day, "11:00"));
        assertThat(alerts(c)).isZero(); // 6.00 - 0.60 = 5.40, still above 5.00
        fx.settleThrough(Fixture.at(day, "12:00"));
        assertThat(alerts(c)).isEqualTo(1); // 5.40 - 0.60 = 4.80 < 5.00: the crossing
        Map<String, Object> event = jdbc.queryForMap("select payload::text p from notify_outbox where customer_id = ? "
                + "and topic = 'balance.below-threshold'", c.id());
        assertThat((String) event.get("p")).contains("\"available\": \"4.80\"").contains("\"threshold\": \"5.00\"");
        fx.settleThrough(Fixture.at(day, "13:00"));
        assertThat(alerts(c)).isEqualTo(1); // 4.20: still below, no second event
        assertThat(alert(c).path("armed").asBoolean()).isFalse();
        fx.expect(fx.topUp(c, "10.00"), 201);
        JsonNode back = alert(c);
        assertThat(back.path("armed").asBoolean()).isTrue(); // 4.20 + 10.00 = 14.20: re-armed
        assertThat(new BigDecimal(back.path("available").asString())).isEqualByComparingTo("14.20");
        // an order payment crosses it again: a month of 10.00 leaves 4.20
        PrepaidFixture prepaid = new PrepaidFixture(api, fx);
        String type = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid.resourceType(type, true), 201);
        String monthly = prepaid.computeSpec("1.00", "10.00", null);
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(),
                Api.json(PrepaidMoneyIT.purchase(type, monthly, 1, null, "MONTH", 1)), "k-" + UUID.randomUUID()), 201);
        assertThat(alerts(c)).isEqualTo(2); // 14.20 - 10.00 = 4.20 < 5.00: the second crossing
        assertThat(alert(c).path("crossings").asInt()).isEqualTo(2);
    }

    @Test
    void aCampaignIssuesOneCouponPerCustomerOnceAndRevokesOnlyUnused() {
        Fixture.CustomerKeys a = fx.customer();
        Fixture.CustomerKeys b = fx.customer();
        String key = "k-" + UUID.randomUUID();
        String lastDay = clock.instant().atZone(Fixture.ZONE).toLocalDate().plusDays(5).toString();
        String body = Api.json(Map.of("customerIds", List.of(a.id(), b.id()), "kind", "CASH", "faceValue", "20.00",
                "lastDay", lastDay));
        Api.Response first = api.post("/api/v1/coupons", fx.operatorKey, body, key);
        fx.expect(first, 201);
        String campaign = first.json().path("campaignId").asString();
        assertThat(first.json().path("coupons").size()).isEqualTo(2);
        Api.Response replay = api.post("/api/v1/coupons", fx.operatorKey, body, key);
        fx.expect(replay, 200);
        assertThat(replay.json().path("campaignId").asString()).isEqualTo(campaign);
        Api.Response other = api.post("/api/v1/coupons", fx.operatorKey, body.replace("20.00", "30.00"), key);
        fx.expect(other, 409);
        assertThat(other.code()).isEqualTo("idempotency-key-reused");
        Api.Response listed = api.get("/api/v1/campaigns/" + campaign + "/coupons", fx.operatorKey);
        fx.expect(listed, 200);
        assertThat(listed.json().size()).isEqualTo(2); // one per customer, not four after the replay
        // a's coupon pays 10.00 of an order; b's is unused
        PrepaidFixture prepaid = new PrepaidFixture(api, fx);
        String type = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid.resourceType(type, true), 201);
        String spec = prepaid.computeSpec("1.00", "10.00", null);
        Api.Response order = api.post("/api/v1/customers/" + a.id() + "/orders", a.adminKey(),
                Api.json(PrepaidMoneyIT.purchase(type, spec, 1, null, "MONTH", 1)), "k-" + UUID.randomUUID());
        fx.expect(order, 201);
        assertThat(new BigDecimal(order.json().path("couponAmount").asString())).isEqualByComparingTo("10.00");
        for (JsonNode coupon : listed.json()) {
            String id = coupon.path("id").asString();
            Api.Response revoke = api.post("/api/v1/coupons/" + id + "/revoke", fx.operatorKey, Map.of());
            if (coupon.path("customerId").asString().equals(a.id())) {
                fx.expect(revoke, 409); // 20.00 - 10.00 used: not unused
                assertThat(revoke.code()).isEqualTo("coupon-in-use");
            } else {
                fx.expect(revoke, 200);
                assertThat(revoke.json().path("status").asString()).isEqualTo("REVOKED");
                assertThat(new BigDecimal(revoke.json().path("remaining").asString())).isEqualByComparingTo("0.00");
            }
        }
    }
}
