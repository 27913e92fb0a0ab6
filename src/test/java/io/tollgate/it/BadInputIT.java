package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx problem with a stable code and writes nothing. */
class BadInputIT extends IntegrationTest {

    private void refused(Api.Response r, int status, String code, Map<String, Long> before) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(rowCounts()).isEqualTo(before);
    }

    private Map<String, Object> created(Fixture.CustomerKeys c, String spec, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", "ev-" + UUID.randomUUID());
        body.put("type", "CREATED");
        body.put("resourceId", "r-" + UUID.randomUUID());
        body.put("customerId", c.id());
        body.put("occurredAt", at.toString());
        body.put("resourceType", "it.compute");
        body.put("specCode", spec);
        body.put("region", Fixture.REGION);
        body.put("nodes", 1);
        return body;
    }

    private Api.Response post(Map<String, Object> body) {
        return api.post("/api/v1/platform/resource-events", PLATFORM_KEY, body);
    }

    @Test
    void badResourceEventsAreRefusedAndWriteNothing() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(day.plus(Duration.ofHours(12)));
        Instant now = clock.instant();
        Map<String, Long> before = rowCounts();

        Map<String, Object> negative = created(c, spec, now);
        negative.put("nodes", -2);
        refused(post(negative), 400, "quantity-out-of-range", before);
        Map<String, Object> absurd = created(c, spec, now);
        absurd.put("nodes", 1_000_000);
        refused(post(absurd), 400, "quantity-out-of-range", before);
        Map<String, Object> unknownSpec = created(c, "no.such.spec", now);
        refused(post(unknownSpec), 422, "unknown-spec", before);
        Map<String, Object> wrongKind = created(c, "it.disk", now);
        refused(post(wrongKind), 422, "spec-not-allowed", before);
        Map<String, Object> future = created(c, spec, now.plusSeconds(60));
        refused(post(future), 422, "event-in-future", before);
        Map<String, Object> unknownCustomer = created(c, spec, now);
        unknownCustomer.put("customerId", "nobody-" + UUID.randomUUID());
        refused(post(unknownCustomer), 422, "unknown-customer", before);
        Map<String, Object> badType = created(c, spec, now);
        badType.put("type", "EXPLODED");
        refused(post(badType), 400, "malformed-json", before);
        Map<String, Object> noRegionPrice = created(c, spec, now);
        noRegionPrice.put("region", "nowhere-1");
        refused(post(noRegionPrice), 422, "no-price", before);

        Map<String, Object> stop = created(c, spec, now);
        stop.put("type", "STOPPED");
        refused(post(stop), 404, "unknown-resource", before);

        // A resource that exists: an event before its creation (end before start) is out of order.
        String r = fx.create(c, "it.compute", spec, 1, now.minusSeconds(600));
        Map<String, Long> withResource = rowCounts();
        refused(fx.event("DELETED", r, c, now.minusSeconds(1200), Map.of()), 409, "event-out-of-order", withResource);
        refused(fx.event("STARTED", r, c, now, Map.of()), 409, "invalid-transition", withResource);
        refused(fx.event("RESIZED", r, c, now, Map.of("nodes", 0)), 400, "quantity-out-of-range", withResource);
        refused(fx.event("RESIZED", r, c, now, Map.of("specCode", "no.such.spec")), 422, "unknown-spec", withResource);
        refused(fx.event("RESIZED", r, c, now, Map.of("sizeGb", 10)), 400, "invalid-resize", withResource);
        Fixture.CustomerKeys other = fx.customer();
        Map<String, Long> withOther = rowCounts();
        refused(fx.event("STOPPED", r, other, now, Map.of()), 422, "customer-mismatch", withOther);

        // An event id reused with other content is refused.
        Map<String, Object> first = created(c, spec, now);
        fx.expect(post(first), 201);
        Map<String, Long> afterFirst = rowCounts();
        Map<String, Object> reused = new LinkedHashMap<>(first);
        reused.put("nodes", 4);
        refused(post(reused), 409, "event-id-reused", afterFirst);
        fx.expect(fx.event("DELETED", r, c, now, Map.of()), 201);
        fx.expect(fx.event("DELETED", (String) first.get("resourceId"), c, now, Map.of()), 201);
    }

    @Test
    void malformedOversizedAndNonsenseBodiesAreRefused() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        refused(api.post("/api/v1/platform/resource-events", PLATFORM_KEY, "{\"eventId\": ", null), 400,
                "malformed-json", before);
        refused(api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(), "not json", "k1"), 400,
                "malformed-json", before);
        String huge = "{\"eventId\":\"" + "x".repeat(70_000) + "\"}";
        refused(api.post("/api/v1/platform/resource-events", PLATFORM_KEY, huge, null), 413, "body-too-large", before);
        // A chunked body (no Content-Length) past the limit is cut off while it is read.
        HttpRequest chunked = api.builder("/api/v1/platform/resource-events", PLATFORM_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();
        refused(api.send(chunked), 413, "body-too-large", before);
        refused(api.get("/api/v1/customers/" + c.id() + "/bills/detail?limit=5000", c.financeKey()), 400,
                "invalid-page-size", before);
        refused(api.get("/api/v1/customers/" + c.id() + "/bills/detail?limit=0", c.financeKey()), 400,
                "invalid-page-size", before);
        refused(api.get("/api/v1/customers/" + c.id() + "/bills/detail?month=2026-13", c.financeKey()), 400,
                "invalid-month", before);
        refused(api.get("/api/v1/customers/" + c.id() + "/transactions?cursor=!!!", c.financeKey()), 400,
                "invalid-cursor", before);
        refused(api.post("/api/v1/clock/advance", OPERATOR_KEY, Map.of("to", "2020-01-01T00:00:00Z")), 400,
                "clock-backwards", before);
        refused(api.post("/api/v1/clock/advance", OPERATOR_KEY, Map.of("by", "P1000D")), 400, "advance-too-far",
                before);
    }

    @Test
    void badCatalogInputIsRefused() {
        String spec = fx.computeSpec("1.00");
        Map<String, Long> before = rowCounts();
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY, Fixture.price(spec, "HOUR", "-1.00", clock.instant())),
                400, "negative-price", before);
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY,
                Fixture.price(spec, "HOUR", "1.123456789012", clock.instant())), 400, "invalid-amount", before);
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY, Fixture.price(spec, "HOUR", "abc", clock.instant())),
                400, "invalid-amount", before);
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY,
                Fixture.price("no.such.spec", "HOUR", "1.00", clock.instant())), 422, "unknown-spec", before);
        refused(api.post("/api/v1/catalog/prices", OPERATOR_KEY,
                Fixture.price(spec, "GB_HOUR", "1.00", clock.instant().plusSeconds(3600))), 422, "unit-mismatch",
                before);
        refused(api.post("/api/v1/catalog/specs", OPERATOR_KEY, Map.of("code", "it.gpu.bad", "serviceType", "it",
                "kind", "COMPUTE", "name", "bad", "gpuModel", "T4", "gpuShare", "0/7")), 400, "invalid-gpu-share",
                before);
        refused(api.post("/api/v1/catalog/specs", OPERATOR_KEY, Map.of("code", spec, "serviceType", "it",
                "kind", "COMPUTE", "name", "dup")), 409, "spec-exists", before);
    }

    @Test
    void aGpuShareOfOneSeventhIsExpressible() {
        String code = "it.gpu." + UUID.randomUUID().toString().substring(0, 8);
        Api.Response r = api.post("/api/v1/catalog/specs", OPERATOR_KEY, Map.of("code", code, "serviceType", "it",
                "kind", "COMPUTE", "name", "1/7 A100", "vcpus", 4, "memoryGib", 16, "gpuModel", "A100",
                "gpuShare", "1/7"));
        fx.expect(r, 201);
        assertThat(r.json().path("gpuShare").asString()).isEqualTo("1/7");
        assertThat(jdbc.queryForObject("select gpu_cards_numerator || '/' || gpu_cards_denominator from catalog_spec "
                + "where code = ?", String.class, code)).isEqualTo("1/7");
    }
}
