package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Transactions show their whole amount with every part (cash, credit, coupons, arrears), and a
 * top-up replayed with its Idempotency-Key answers exactly what it answered the first time.
 */
class TransactionsIT extends IntegrationTest {

    private List<JsonNode> transactions(Fixture.CustomerKeys c, Instant day) {
        String month = day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7);
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/transactions?month=" + month, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> all = new ArrayList<>();
        r.json().path("items").forEach(all::add);
        return all;
    }

    @Test
    void anOrderPaidOnCreditListsItsWholeAmountAndATopUpReplayIsTheFirstAnswer() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "50.00"), 201);
        fx.creditLimit(c, "500.00");
        PrepaidFixture prepaid = new PrepaidFixture(api, fx);
        String spec = prepaid.computeSpec("1.00", "200.00", null);
        String type = "it.pool." + java.util.UUID.randomUUID().toString().substring(0, 8);
        fx.expect(prepaid.resourceType(type, true), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", type);
        body.put("specCode", spec);
        body.put("region", Fixture.REGION);
        body.put("nodes", 1);
        body.put("term", Map.of("unit", "MONTH", "count", 1));
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body), "buy-1"), 201);

        // 200.00 paid as 50.00 cash and 150.00 credit: the transaction is 200.00, not 0.00
        JsonNode order = transactions(c, day).stream().filter(t -> t.path("type").asString().equals("ORDER"))
                .findFirst().orElseThrow();
        assertThat(order.path("amount").asString()).isEqualTo("200.00");
        assertThat(order.path("cash").asString()).isEqualTo("-50.00");
        assertThat(order.path("credit").asString()).isEqualTo("-150.00");
        assertThat(order.path("coupons").asString()).isEqualTo("0.00");
        assertThat(order.path("arrears").asString()).isEqualTo("0.00");

        // A top-up of 100.00 repays 100.00 of the credit used; its replay answers the same, to the byte.
        Api.Response first = api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(),
                Api.json(Map.of("amount", "100.00")), "pay-1");
        fx.expect(first, 201);
        assertThat(first.json().path("amount").asString()).isEqualTo("100.00");
        assertThat(first.json().path("repaidCredit").asString()).isEqualTo("100.00");
        // 150.00 of credit is used: all 100.00 repays it, 0.00 becomes cash
        assertThat(first.json().path("toCash").asString()).isEqualTo("0.00");
        // more top-ups change the balance, but not what the first one answers
        fx.expect(fx.topUp(c, "80.00"), 201);
        Api.Response again = api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(),
                Api.json(Map.of("amount", "100.00")), "pay-1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());

        JsonNode topUp = transactions(c, day).stream().filter(t -> t.path("type").asString().equals("TOPUP"))
                .reduce((a, b) -> b).orElseThrow();
        // the 80.00: 50.00 repays the rest of the credit, 30.00 becomes cash
        assertThat(topUp.path("amount").asString()).isEqualTo("80.00");
        assertThat(topUp.path("credit").asString()).isEqualTo("50.00");
        assertThat(topUp.path("cash").asString()).isEqualTo("30.00");
    }
}
