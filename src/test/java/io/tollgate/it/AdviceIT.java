package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Optimization advice (docs/cost.md): a node running around the clock for the last 7 days at 0.66
 * an hour runs 730 hours a month (168 of 168 hours, scaled to 730), so pay-per-use costs
 * 0.66 x 730 = 481.80 a month against a monthly term of 100.00: a saving of 381.80, worth it from
 * 100.00 / 0.66 = 151.6 hours a month (6.4 days around the clock). A package of 100 hours granted
 * 8 days ago and never used (0% under 20% after 7 days) is advised too. Dismissed advice is gone.
 */
class AdviceIT extends IntegrationTest {
    @Test
    void aPayPerUseResourceCheaperOnATermAndAnUnusedPackageAreAdvisedUntilDismissed() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(d);
        String type = "it.adv." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType", "it",
                "name", "advice type", "metering", "RUNTIME", "specKind", "COMPUTE", "prepaidAllowed", true)), 201);
        String spec = new PrepaidFixture(api, fx).computeSpec("0.66", "100.00", null);
        String r = fx.create(c, type, spec, 1, d);
        String meter = fx.usageMeter("it.adv-bucket", "hour", "hour", "1", "1.00", "0");
        String pkg = "pkg-" + UUID.randomUUID();
        Map<String, Object> grant = new LinkedHashMap<>(Map.of("packageId", pkg, "meter", meter, "quota", "100",
                "period", "TOTAL", "expiresAt", d.plus(Duration.ofDays(60)).toString()));
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/packages", OPERATOR_KEY, grant), 201);
        // eight days on, every hour billed: the package has been valid more than 7 days without use
        fx.settleThrough(d.plus(Duration.ofDays(8)));

        Map<String, JsonNode> byKey = advice(c, 7);
        JsonNode prepaid = byKey.get("prepaid:" + r);
        assertThat(prepaid).as(byKey.toString()).isNotNull();
        assertThat(prepaid.path("kind").asString()).isEqualTo("PREPAID");
        // the last 7 whole days (days 2-8) the node ran 168 of 168 hours: 730 hours a month
        assertThat(prepaid.path("details").path("hoursPerMonth").asString()).isEqualTo("730.0");
        assertThat(prepaid.path("details").path("payPerUseMonthly").asString()).isEqualTo("481.80"); // 0.66 x 730
        assertThat(prepaid.path("details").path("termMonthly").asString()).isEqualTo("100.00");
        assertThat(prepaid.path("monthlySaving").asString()).isEqualTo("381.80"); // 481.80 - 100.00
        // 100.00 / 0.66 = 151.51... hours, rounded up to 151.6; / 24 = 6.31... days, up to 6.4
        assertThat(prepaid.path("details").path("breakEvenHours").asString()).isEqualTo("151.6");
        assertThat(prepaid.path("details").path("breakEvenDays").asString()).isEqualTo("6.4");
        JsonNode unused = byKey.get("package:" + pkg);
        assertThat(unused.path("kind").asString()).isEqualTo("UNDERUSED_PACKAGE");
        assertThat(unused.path("details").path("usedShare").asString()).isEqualTo("0.0000");

        fx.expect(api.post("/api/v1/customers/" + c.id() + "/advice/prepaid:" + r + "/dismiss", c.financeKey(),
                Map.of()), 204);
        assertThat(advice(c, 7)).doesNotContainKey("prepaid:" + r).containsKey("package:" + pkg);
        assertThat(api.get("/api/v1/customers/" + c.id() + "/advice?lookbackDays=5", c.financeKey()).code())
                .isEqualTo("invalid-lookback");
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201); // nothing left running
    }

    private Map<String, JsonNode> advice(Fixture.CustomerKeys c, int days) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/advice?lookbackDays=" + days, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        r.json().forEach(a -> byKey.put(a.path("key").asString(), a));
        return byKey;
    }
}
