package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Prepaid orders over HTTP: idempotency under concurrency, refusals that change nothing, admission, scope. */
class SubscriptionIT extends IntegrationTest {

    private String poolType() {
        String code = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(new PrepaidFixture(api, fx).resourceType(code, true), 201);
        return code;
    }

    private Map<String, Object> purchase(String type, String spec, int months) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", type);
        body.put("specCode", spec);
        body.put("region", Fixture.REGION);
        body.put("nodes", 1);
        body.put("term", Map.of("unit", "MONTH", "count", months));
        return body;
    }

    private Api.Response order(Fixture.CustomerKeys c, Object body, String key) {
        return api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body), key);
    }

    @Test
    void theSameOrderSubmittedTwiceConcurrentlyIsPaidOnce() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        String spec = new PrepaidFixture(api, fx).computeSpec("1.00", "300.00", null);
        String type = poolType();
        Map<String, Object> body = purchase(type, spec, 1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(() -> order(c, body, "buy-once"));
            }
            List<Long> ids = new ArrayList<>();
            int created = 0;
            for (Future<Api.Response> f : pool.invokeAll(calls)) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isIn(200, 201, 409);
                if (r.status() != 409) {
                    created += r.status() == 201 ? 1 : 0;
                    ids.add(r.json().path("id").asLong());
                    assertThat(r.json().path("status").asString()).isEqualTo("PAID");
                } else {
                    assertThat(r.code()).isIn("idempotency-key-reused", "concurrent-change");
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
        // 1,000 - 300 once.
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("700.00");
        assertThat(jdbc.queryForObject("select count(*) from subscription_order where customer_id = ?", Long.class,
                c.id())).isEqualTo(1L);
        Api.Response again = order(c, body, "buy-once");
        fx.expect(again, 200);
        Map<String, Object> other = purchase(type, spec, 2);
        Api.Response conflict = order(c, other, "buy-once");
        fx.expect(conflict, 409);
        assertThat(conflict.code()).isEqualTo("idempotency-key-reused");
    }

    @Test
    void badOrderRequestsAreRefusedAndChangeNothing() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        PrepaidFixture prepaid = new PrepaidFixture(api, fx);
        String spec = prepaid.computeSpec("1.00", "300.00", "3000.00");
        String type = poolType();
        fx.advanceTo(fx.nextDay());
        Api.Response bought = order(c, purchase(type, spec, 1), "k-" + UUID.randomUUID());
        fx.expect(bought, 201);
        String rid = bought.json().path("resourceId").asString();
        String ppu = fx.create(c, "it.compute", fx.computeSpec("0.50"), 1, clock.instant());
        Map<String, Long> before = rowCounts();
        String base = "/api/v1/customers/" + c.id();

        for (int months : new int[] {0, 12, 13, -1}) {
            Api.Response r = order(c, purchase(type, spec, months), "k-" + UUID.randomUUID());
            assertThat(r.status()).as(months + ": " + r.body()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid-term");
        }
        Map<String, Object> fourYears = purchase(type, spec, 1);
        fourYears.put("term", Map.of("unit", "YEAR", "count", 4));
        assertThat(order(c, fourYears, "k-" + UUID.randomUUID()).code()).isEqualTo("invalid-term");
        assertThat(order(c, purchase("it.compute", spec, 1), "k-" + UUID.randomUUID()).code())
                .isEqualTo("prepaid-not-allowed");
        assertThat(order(c, purchase(type, "no.such.spec", 1), "k-" + UUID.randomUUID()).code())
                .isEqualTo("unknown-spec");
        assertThat(order(c, purchase(type, spec, 1), null).code()).isEqualTo("idempotency-key-required");
        Api.Response unknown = api.post(base + "/subscriptions/no-such-resource/renew", c.adminKey(),
                Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "k-" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("unknown-resource");
        Api.Response ppuUnsubscribe = api.post(base + "/subscriptions/" + ppu + "/unsubscribe", c.adminKey(), "",
                "k-" + UUID.randomUUID());
        assertThat(ppuUnsubscribe.status()).as(ppuUnsubscribe.body()).isEqualTo(422);
        assertThat(ppuUnsubscribe.code()).isEqualTo("not-prepaid");
        Api.Response ppuRenew = api.post(base + "/subscriptions/" + ppu + "/renew", c.adminKey(),
                Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "k-" + UUID.randomUUID());
        assertThat(ppuRenew.code()).isEqualTo("not-prepaid");
        Api.Response sameSpec = api.post(base + "/subscriptions/" + rid + "/change", c.adminKey(),
                Api.json(Map.of("nodes", 1)), "k-" + UUID.randomUUID());
        assertThat(sameSpec.code()).isEqualTo("invalid-change");
        assertThat(rowCounts()).isEqualTo(before);

        // Unsubscribing within five days returns everything; renewing the released resource is refused.
        Api.Response unsubscribed = api.post(base + "/subscriptions/" + rid + "/unsubscribe", c.adminKey(), "", "u1");
        fx.expect(unsubscribed, 201);
        assertThat(unsubscribed.json().path("refundAmount").asString()).isEqualTo("300.00");
        assertThat(unsubscribed.json().path("details").path("fiveDay").asBoolean()).isTrue();
        Map<String, Long> afterRelease = rowCounts();
        Api.Response released = api.post(base + "/subscriptions/" + rid + "/renew", c.adminKey(),
                Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "k-" + UUID.randomUUID());
        assertThat(released.status()).isEqualTo(409);
        assertThat(released.code()).isEqualTo("resource-released");
        assertThat(rowCounts()).isEqualTo(afterRelease);
        fx.expect(fx.event("DELETED", ppu, c, clock.instant(), Map.of()), 201);
    }

    @Test
    void theFiveDayRuleAppliesAtMostTenTimesPerCustomer() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10000.00"), 201);
        String spec = new PrepaidFixture(api, fx).computeSpec("1.00", "100.00", null);
        String type = poolType();
        fx.advanceTo(fx.nextDay());
        for (int i = 1; i <= 11; i++) {
            Api.Response bought = order(c, purchase(type, spec, 1), "buy-" + i);
            fx.expect(bought, 201);
            fx.advanceTo(clock.instant().plus(Duration.ofHours(2)));
            Api.Response u = api.post("/api/v1/customers/" + c.id() + "/subscriptions/"
                    + bought.json().path("resourceId").asString() + "/unsubscribe", c.adminKey(), "", "unsub-" + i);
            fx.expect(u, 201);
            boolean fiveDay = u.json().path("details").path("fiveDay").asBoolean();
            assertThat(fiveDay).as("unsubscription " + i).isEqualTo(i <= 10);
            if (i <= 10) {
                assertThat(u.json().path("refundAmount").asString()).isEqualTo("100.00");
            } else {
                // The 11th: 2 of about 740 order hours used, less the 10% handling fee: about 89.7.
                assertThat(new java.math.BigDecimal(u.json().path("refundAmount").asString()))
                        .isBetween(new java.math.BigDecimal("89.00"), new java.math.BigDecimal("90.00"));
            }
        }
    }

    @Test
    void thePlatformAsksAdmissionAndACustomerInArrearsIsRefusedPayPerUse() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "0.10"), 201);
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String admission = "/api/v1/platform/admission?customerId=" + c.id() + "&resourceType=it.compute";
        Api.Response before = api.get(admission, PLATFORM_KEY);
        fx.expect(before, 200);
        assertThat(before.json().path("allowed").asBoolean()).isTrue();
        String r = fx.create(c, "it.compute", spec, 1, day);
        fx.settleThrough(day.plus(Duration.ofMinutes(30)));
        Api.Response refused = api.get(admission, PLATFORM_KEY);
        assertThat(refused.json().path("allowed").asBoolean()).isFalse();
        assertThat(refused.json().path("code").asString()).isEqualTo("customer-in-arrears");
        Api.Response prepaid = api.get(admission + "&billingMode=YEARLY_MONTHLY", PLATFORM_KEY);
        assertThat(prepaid.json().path("allowed").asBoolean()).isTrue();
        JsonNode states = api.get("/api/v1/customers/" + c.id() + "/lifecycle", c.financeKey()).json();
        assertThat(states.path("items").get(0).path("state").asString()).isEqualTo("GRACE");
        assertThat(api.get(admission, c.adminKey()).status()).isEqualTo(403);
        fx.expect(fx.topUp(c, "10.00"), 201);
        assertThat(api.get(admission, PLATFORM_KEY).json().path("allowed").asBoolean()).isTrue();
        states = api.get("/api/v1/customers/" + c.id() + "/lifecycle", c.financeKey()).json();
        assertThat(states.path("items").get(0).path("state").asString()).isEqualTo("ACTIVE");
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
        JsonNode events = api.get("/api/v1/platform/events?topic=lifecycle.", PLATFORM_KEY).json();
        List<String> ids = new ArrayList<>();
        events.path("items").forEach(e -> ids.add(e.path("eventId").asString()));
        assertThat(ids).contains("lifecycle:" + r + ":1", "lifecycle:" + r + ":2");
    }

    @Test
    void orderEndpointsRefuseForeignKeysAndAreDocumented() {
        Fixture.CustomerKeys owner = fx.customer();
        Fixture.CustomerKeys stranger = fx.customer();
        String base = "/api/v1/customers/" + owner.id();
        for (String path : List.of("/orders", "/subscriptions", "/subscription-settings", "/lifecycle", "/events")) {
            Api.Response r = api.get(base + path, stranger.financeKey());
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(api.get(base + path, owner.financeKey()).status()).as(path).isEqualTo(200);
        }
        Api.Response buy = api.post(base + "/orders", stranger.adminKey(), "{}", "x");
        assertThat(buy.status()).isEqualTo(403);
        Api.Response financeBuys = api.post(base + "/orders", owner.financeKey(), "{}", "x");
        assertThat(financeBuys.status()).isEqualTo(403);
        JsonNode docs = api.get("/v3/api-docs", null).json().path("paths");
        String orders = docs.path("/api/v1/customers/{customerId}/orders").toString();
        assertThat(orders).contains("three months of a pool node").contains("Idempotency-Key");
        assertThat(docs.has("/api/v1/customers/{customerId}/subscriptions/{resourceId}/renew")).isTrue();
        assertThat(docs.has("/api/v1/platform/admission")).isTrue();
    }
}
