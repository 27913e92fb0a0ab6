package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Top-ups are idempotent by key, refuse bad amounts and never count twice under concurrency. */
class TopUpIT extends IntegrationTest {

    private Api.Response topUp(Fixture.CustomerKeys c, String amount, String key) {
        return api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(), Api.json(Map.of("amount", amount)),
                key);
    }

    @Test
    void theSameKeyAndBodyReturnsTheFirstResultAndAnotherBodyIsAConflict() {
        Fixture.CustomerKeys c = fx.customer();
        Api.Response first = topUp(c, "50.00", "pay-1");
        fx.expect(first, 201);
        Api.Response again = topUp(c, "50.00", "pay-1");
        fx.expect(again, 200);
        assertThat(again.json()).isEqualTo(first.json());
        Api.Response sameAmountOtherScale = topUp(c, "50", "pay-1");
        fx.expect(sameAmountOtherScale, 200);
        Map<String, Long> before = rowCounts();
        Api.Response other = topUp(c, "60.00", "pay-1");
        fx.expect(other, 409);
        assertThat(other.code()).isEqualTo("idempotency-key-reused");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("50.00");
    }

    @Test
    void badAmountsAndMissingKeysAreRefused() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        for (String[] bad : new String[][] {{"-5.00", "non-positive-amount"}, {"0", "non-positive-amount"},
                {"1.005", "invalid-amount"}, {"1e3", "invalid-amount"}, {"ten", "invalid-amount"},
                {"100000000", "amount-out-of-range"}}) {
            Api.Response r = topUp(c, bad[0], "bad-" + bad[0]);
            assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.code()).as(bad[0]).isEqualTo(bad[1]);
        }
        Api.Response noKey = topUp(c, "5.00", null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.code()).isEqualTo("idempotency-key-required");
        Api.Response unknown = api.post("/api/v1/customers/nobody/top-ups", OPERATOR_KEY,
                Api.json(Map.of("amount", "5.00")), "k");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void concurrentSubmissionsOfOneKeyAreCountedOnce() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> topUp(c, "25.00", "race-key"));
            }
            int created = 0;
            for (Future<Api.Response> f : pool.invokeAll(calls)) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isIn(200, 201);
                created += r.status() == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("25.00");
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where customer_id = ?", Long.class, c.id()))
                .isEqualTo(1L);
    }

    @Test
    void aBatchOfPaymentsIsImportedWithAFatePerItem() {
        Fixture.CustomerKeys a = fx.customer();
        Fixture.CustomerKeys b = fx.customer();
        fx.expect(topUp(a, "10.00", "earlier"), 201);
        java.util.List<Map<String, Object>> items = java.util.List.of(
                Map.of("customerId", a.id(), "amount", "5.00", "idempotencyKey", "stmt-1"),
                Map.of("customerId", b.id(), "amount", "7.50", "idempotencyKey", "stmt-2"),
                Map.of("customerId", a.id(), "amount", "3.00", "idempotencyKey", "earlier"),
                Map.of("customerId", a.id(), "amount", "2.00", "idempotencyKey", "stmt-1"),
                Map.of("customerId", "nobody", "amount", "1.00", "idempotencyKey", "stmt-3"),
                Map.of("customerId", b.id(), "amount", "-1.00", "idempotencyKey", "stmt-4"));
        Api.Response r = api.post("/api/v1/top-ups/batch", OPERATOR_KEY, Map.of("items", items));
        fx.expect(r, 200);
        java.util.List<String> fates = new java.util.ArrayList<>();
        r.json().path("results").forEach(f -> fates.add(f.path("status").asString()
                + (f.path("code").isNull() ? "" : ":" + f.path("code").asString())));
        assertThat(fates).containsExactly("APPLIED", "APPLIED", "REFUSED:idempotency-key-reused",
                "REFUSED:duplicate-in-batch", "REFUSED:unknown-customer", "REFUSED:non-positive-amount");
        // a: 10 + 5 = 15; b: 7.50. Importing the same statement again changes nothing.
        assertThat(fx.balance(a).path("cash").asString()).isEqualTo("15.00");
        assertThat(fx.balance(b).path("cash").asString()).isEqualTo("7.50");
        Map<String, Long> before = rowCounts();
        java.util.List<Map<String, Object>> replay = new java.util.ArrayList<>(items.subList(0, 2));
        replay.add(Map.of("customerId", a.id(), "amount", "10.00", "idempotencyKey", "earlier"));
        Api.Response again = api.post("/api/v1/top-ups/batch", OPERATOR_KEY, Map.of("items", replay));
        assertThat(again.json().path("replayed").asInt()).isEqualTo(3);
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(api.post("/api/v1/top-ups/batch", a.adminKey(), Map.of("items", items)).status()).isEqualTo(403);
    }
}
