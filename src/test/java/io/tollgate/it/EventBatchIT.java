package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A batch of events reports each event's fate; a refused event never blocks the valid ones. */
class EventBatchIT extends IntegrationTest {

    private Map<String, Object> event(String type, String resource, Fixture.CustomerKeys c, Instant at, Object... kv) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "ev-" + UUID.randomUUID());
        e.put("type", type);
        e.put("resourceId", resource);
        e.put("customerId", c.id());
        e.put("occurredAt", at.toString());
        for (int i = 0; i < kv.length; i += 2) {
            e.put((String) kv[i], kv[i + 1]);
        }
        return e;
    }

    @Test
    void eachEventHasItsFate() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay());
        Instant now = clock.instant();
        Map<String, Object> good = event("CREATED", "rb-" + UUID.randomUUID(), c, now.minusSeconds(60),
                "resourceType", "it.compute", "specCode", spec, "region", Fixture.REGION, "nodes", 2);
        Map<String, Object> bad = event("CREATED", "rb-" + UUID.randomUUID(), c, now.minusSeconds(60),
                "resourceType", "it.compute", "specCode", spec, "region", Fixture.REGION, "nodes", -1);
        Map<String, Object> stop = event("STOPPED", (String) good.get("resourceId"), c, now);
        List<Object> batch = List.of(good, bad, good, stop);
        Api.Response r = api.post("/api/v1/platform/resource-events/batch", PLATFORM_KEY, batch);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("applied").asInt()).isEqualTo(2);
        assertThat(body.path("duplicates").asInt()).isEqualTo(1);
        assertThat(body.path("refused").asInt()).isEqualTo(1);
        List<String> fates = new ArrayList<>();
        body.path("results").forEach(n -> fates.add(n.path("status").asString() + ":" + n.path("code").asString("")));
        assertThat(fates).containsExactly("APPLIED:", "REFUSED:quantity-out-of-range", "DUPLICATE:", "APPLIED:");
        assertThat(jdbc.queryForObject("select count(*) from resource_resource where id = ?", Long.class,
                bad.get("resourceId"))).isZero();
        fx.expect(fx.event("DELETED", (String) good.get("resourceId"), c, now, Map.of()), 201);
    }

    @Test
    void anEmptyOrOversizedBatchIsRefused() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        Api.Response empty = api.post("/api/v1/platform/resource-events/batch", PLATFORM_KEY, List.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo("batch-size");
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("eventId", "e" + i));
        }
        Api.Response big = api.post("/api/v1/platform/resource-events/batch", PLATFORM_KEY, tooMany);
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.code()).isEqualTo("batch-size");
        assertThat(rowCounts()).isEqualTo(before);
    }
}
