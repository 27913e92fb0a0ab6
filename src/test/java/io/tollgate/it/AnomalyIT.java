package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Anomalies (docs/cost.md) on histories with a known answer: four services, each with one node
 * running around the clock at 0.66 an hour (15.84 a day, so the forecast of the 15th is exactly
 * 15.84 with no band). On the 15th each gets a second node for 1, 3, 5 or 24 hours: an excess of
 * 0.66 (not over one unit: none), 1.98 (12.5% of 15.84: minor), 3.30 (20.8%: major) and 15.84
 * (100%: critical), found on the 16th at 01:00, each once, with its impact.
 */
class AnomalyIT extends IntegrationTest {
    @Test
    void eachSeverityIsFoundTheNextDayAndNoneUnderOneUnitOfExcess() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        Instant d = fx.nextDay();
        fx.advanceTo(d);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Map<Integer, String> typeOf = new LinkedHashMap<>();
        Map<Integer, String> specOf = new LinkedHashMap<>();
        List<String> base = new java.util.ArrayList<>();
        for (int hours : List.of(1, 3, 5, 24)) {
            String type = "it.an" + hours + "." + tag;
            fx.expect(api.post("/api/v1/catalog/service-types", fx.operatorKey, Map.of("code", "svc" + hours + tag,
                    "name", "anomaly service " + hours)), 201);
            fx.expect(api.post("/api/v1/catalog/resource-types", fx.operatorKey, Map.of("code", type, "serviceType",
                    "svc" + hours + tag, "name", "anomaly " + hours, "metering", "RUNTIME", "specKind", "COMPUTE")),
                    201);
            typeOf.put(hours, type);
            specOf.put(hours, fx.computeSpec("0.66", "svc" + hours + tag));
            base.add(fx.create(c, type, specOf.get(hours), 1, d));
        }
        Api.Response monitor = api.post("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey(),
                Map.of("name", "every service", "scope", "SERVICES"));
        fx.expect(monitor, 201);
        // a cost category's value is watched the same way: "big" holds the service spiked for 24 hours
        fx.expect(api.put("/api/v1/customers/" + c.id() + "/cost-categories/svc", c.financeKey(), Map.of("rules",
                List.of(Map.of("value", "big", "dimension", "serviceType", "values", List.of("svc24" + tag))))), 200);
        Api.Response byCategory = api.post("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey(),
                Map.of("name", "big services", "scope", "CATEGORY", "tagKey", "svc", "value", "big"));
        fx.expect(byCategory, 201);
        assertThat(api.post("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey(),
                Map.of("name", "nope", "scope", "CATEGORY", "tagKey", "nope", "value", "x")).code())
                .isEqualTo("unknown-category");

        // Fourteen days of 15.84 each, then the spikes on the 15th.
        Instant spikeDay = d.plus(Duration.ofDays(14));
        fx.settleThrough(spikeDay);
        Map<Integer, String> spikes = new LinkedHashMap<>();
        typeOf.forEach((hours, type) -> spikes.put(hours, fx.create(c, type, specOf.get(hours), 1, spikeDay)));
        for (int hours : List.of(1, 3, 5, 24)) {
            Instant end = spikeDay.plus(Duration.ofHours(hours));
            fx.advanceTo(end);
            fx.expect(fx.event("DELETED", spikes.get(hours), c, end, Map.of()), 201);
        }
        fx.settleThrough(spikeDay.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));

        JsonNode found = api.get("/api/v1/customers/" + c.id() + "/anomalies", c.financeKey()).json();
        Map<String, JsonNode> byGroup = new LinkedHashMap<>();
        found.forEach(a -> byGroup.put(a.path("groupKey").asString(), a));
        assertThat(byGroup).doesNotContainKey("svc1" + tag).hasSize(4);
        String day = spikeDay.atZone(Fixture.ZONE).toLocalDate().toString();
        assertAnomaly(byGroup.get("svc3" + tag), "MINOR", "1.98", "17.82", day); // 15.84 + 3 x 0.66
        assertAnomaly(byGroup.get("svc5" + tag), "MAJOR", "3.30", "19.14", day); // 15.84 + 5 x 0.66
        assertAnomaly(byGroup.get("svc24" + tag), "CRITICAL", "15.84", "31.68", day); // 15.84 + 24 x 0.66
        assertAnomaly(byGroup.get("svc=big"), "CRITICAL", "15.84", "31.68", day); // the same costs, by category
        Long events = jdbc.queryForObject("select count(*) from notify_outbox where customer_id = ? "
                + "and topic = 'cost.anomaly-detected'", Long.class, c.id());
        assertThat(events).isEqualTo(4);

        // the customer answers: one confirmed, one dismissed; an unknown status is refused
        long critical = byGroup.get("svc24" + tag).path("id").asLong();
        Api.Response confirmed = api.post("/api/v1/customers/" + c.id() + "/anomalies/" + critical + "/status",
                c.financeKey(), Map.of("status", "CONFIRMED"));
        fx.expect(confirmed, 200);
        assertThat(confirmed.json().path("status").asString()).isEqualTo("CONFIRMED");
        assertThat(api.post("/api/v1/customers/" + c.id() + "/anomalies/" + critical + "/status", c.financeKey(),
                Map.of("status", "MAYBE")).code()).isEqualTo("invalid-status");
        assertThat(api.post("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey(),
                Map.of("name", "p", "scope", "PROJECT")).code()).isEqualTo("invalid-scope");
        assertThat(api.post("/api/v1/customers/" + c.id() + "/anomaly-monitors", c.financeKey(),
                Map.of("name", "every service", "scope", "SERVICES")).code()).isEqualTo("monitor-exists");

        // leave nothing running or watching for the tests after this one (they share the database)
        base.forEach(r -> fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201));
        for (Api.Response m : List.of(monitor, byCategory)) {
            fx.expect(api.delete("/api/v1/customers/" + c.id() + "/anomaly-monitors/" + m.json().path("id").asLong(),
                    c.financeKey()), 204);
        }
    }

    private static void assertAnomaly(JsonNode a, String severity, String impact, String actual, String day) {
        assertThat(a).as("anomaly").isNotNull();
        assertThat(a.path("severity").asString()).isEqualTo(severity);
        assertThat(new BigDecimal(a.path("impact").asString())).isEqualByComparingTo(impact);
        assertThat(new BigDecimal(a.path("actual").asString())).isEqualByComparingTo(actual);
        // the exact fit of 14 days of 24 x 0.66 = 15.84 forecasts 15.84 with no band
        assertThat(new BigDecimal(a.path("expected").asString())).isEqualByComparingTo("15.84");
        assertThat(a.path("firstDay").asString()).isEqualTo(day);
        assertThat(a.path("lastDay").asString()).isEqualTo(day);
        assertThat(a.path("rule").asString()).isEqualTo("PAY_PER_USE");
        assertThat(a.path("status").asString()).isEqualTo("OPEN");
    }
}
