package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Fractional GPUs: a share of a card priced by its own price, or by its share of the whole card's price. */
class GpuShareIT extends IntegrationTest {
    private static final Instant SINCE = Instant.parse("2029-01-01T00:00:00Z");

    private String gpuSpec(String share, String model, String priceByShareOf) {
        String code = "it.gpu." + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("code", code, "serviceType", "it", "kind", "COMPUTE",
                "name", "test GPU " + share, "vcpus", 4, "memoryGib", 16, "gpuModel", model, "gpuShare", share));
        if (priceByShareOf != null) {
            body.put("priceByShareOf", priceByShareOf);
        }
        Api.Response r = api.post("/api/v1/catalog/specs", OPERATOR_KEY, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("priceByShareOf").asString(null)).isEqualTo(priceByShareOf);
        return code;
    }

    /** A whole card of a new GPU model with a pay-per-use price per hour. */
    private record Card(String model, String code) {
    }

    private Card card(String hourlyPrice) {
        String model = "GPU-" + UUID.randomUUID();
        String code = gpuSpec("1", model, null);
        fx.publish(code, "HOUR", hourlyPrice, SINCE);
        return new Card(model, code);
    }

    private void refusedSpec(String model, String share, String priceByShareOf, String code) {
        Api.Response r = api.post("/api/v1/catalog/specs", OPERATOR_KEY, Map.of("code", "it.gpu.x"
                + UUID.randomUUID().toString().substring(0, 6), "serviceType", "it", "kind", "COMPUTE", "name", "x",
                "gpuModel", model, "gpuShare", share, "priceByShareOf", priceByShareOf));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.code()).isEqualTo(code);
    }

    @Test
    void aSeventhPricedByShareOfTheCardIsRatedAtASeventhOfItsPriceAndAShareWithItsOwnPriceKeepsIt() {
        Card card = card("10.00");
        String seventh = gpuSpec("1/7", card.model(), card.code());
        String ownPriced = gpuSpec("1/7", card.model(), null);
        fx.publish(ownPriced, "HOUR", "1.50", SINCE);

        // The derived price shows with the share spec: 10.00 / 7 = 1.428571428571... -> 1.4285714286 (half-up, 10 decimals)
        JsonNode prices = api.get("/api/v1/catalog/specs/" + seventh + "/prices", OPERATOR_KEY).json();
        assertThat(prices.size()).isEqualTo(1);
        assertThat(prices.get(0).path("unitPrice").asString()).isEqualTo("1.4285714286");
        assertThat(prices.get(0).path("specCode").asString()).isEqualTo(seventh);

        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "10:00"));
        String byShare = fx.create(c, "it.compute", seventh, 2, at(day, "10:00"));
        String own = fx.create(c, "it.compute", ownPriced, 1, at(day, "10:00"));
        fx.advanceTo(at(day, "11:30"));
        fx.expect(fx.event("DELETED", byShare, c, at(day, "11:30"), Map.of()), 201);
        fx.expect(fx.event("DELETED", own, c, at(day, "11:30"), Map.of()), 201);
        fx.settleThrough(at(day, "11:30"));

        List<JsonNode> shareLines = fx.feeRecords(c, day, byShare);
        assertThat(shareLines).extracting(l -> l.path("unitPrice").asString())
                .containsExactly("1.4285714286", "1.4285714286");
        // 10:00-11:00: 2 nodes x 1 h x 1.4285714286 = 2.8571428572 -> 2.85714286, charged 2.86
        // 11:00-11:30: 2 x 0.5 h x 1.4285714286 = 1.4285714286 -> 1.42857143, charged 1.43
        assertThat(shareLines).extracting(l -> l.path("amount").asString()).containsExactly("2.85714286", "1.42857143");
        assertThat(shareLines).extracting(l -> l.path("chargedAmount").asString()).containsExactly("2.86", "1.43");
        // Its own price: 1 x 1.5 h x 1.50 = 2.25 (1.50 + 0.75)
        assertThat(fx.feeRecords(c, day, own)).extracting(l -> l.path("chargedAmount").asString())
                .containsExactly("1.50", "0.75");
        // 100.00 - 2.86 - 1.43 - 1.50 - 0.75 = 93.46
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("93.46");
    }

    @Test
    void aNewVersionOfTheCardsPriceRepricesItsSharesFromTheSameInstant() {
        Card card = card("29.40");
        String quarter = gpuSpec("1/4", card.model(), card.code());
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", quarter, 1, at(day, "08:00"));
        fx.publish(card.code(), "HOUR", "30.00", at(day, "08:30"));
        fx.advanceTo(at(day, "09:00"));
        fx.expect(fx.event("DELETED", r, c, at(day, "09:00"), Map.of()), 201);
        fx.settleThrough(at(day, "09:00"));

        List<JsonNode> lines = fx.feeRecords(c, day, r);
        // 08:00-08:30 at 29.40 / 4 = 7.35: 0.5 h x 7.35 = 3.675 -> charged 3.68
        // 08:30-09:00 at 30.00 / 4 = 7.50: 0.5 h x 7.50 = 3.75
        assertThat(lines).extracting(l -> l.path("unitPrice").asString()).containsExactly("7.3500000000", "7.5000000000");
        assertThat(lines).extracting(l -> l.path("priceVersion").asInt()).containsExactly(1, 2);
        assertThat(lines).extracting(l -> l.path("chargedAmount").asString()).containsExactly("3.68", "3.75");
    }

    @Test
    void aShareHasNoPriceOfItsOwnAndIsPricedOnlyFromTheSameCardModel() {
        Card card = card("8.00");
        String half = gpuSpec("1/2", card.model(), card.code());
        Map<String, Long> before = rowCounts();

        Api.Response own = api.post("/api/v1/catalog/prices", OPERATOR_KEY, Fixture.price(half, "HOUR", "4.50", SINCE));
        assertThat(own.status()).isEqualTo(422);
        assertThat(own.code()).isEqualTo("price-by-share");

        refusedSpec("another-" + card.model(), "1/2", card.code(), "invalid-price-by-share");
        refusedSpec(card.model(), "1/4", half, "invalid-price-by-share");
        refusedSpec(card.model(), "1/4", "it.no-such-spec", "unknown-spec");
        assertThat(rowCounts()).isEqualTo(before);

        // The quote of the half card uses the derived price: 2 nodes x 1.5 h x (8.00 / 2) = 12.00
        JsonNode quote = api.post("/api/v1/quotes/pay-per-use", OPERATOR_KEY, Map.of("specCode", half, "region",
                Fixture.REGION, "currency", "CNY", "nodes", 2, "duration", "1.5")).json();
        assertThat(quote.path("price").path("unitPrice").asString()).isEqualTo("4.0000000000");
        assertThat(quote.path("amount").asString()).isEqualTo("12.00000000");
    }
}
