package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The API documents itself, reports health and metrics, and the clock can be read and advanced. */
class OperationsIT extends IntegrationTest {

    @Test
    void theOpenApiDocumentAndUiAreServed() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().path("paths");
        for (String path : new String[] {"/api/v1/platform/resource-events", "/api/v1/catalog/prices",
                "/api/v1/customers/{customerId}/top-ups", "/api/v1/customers/{customerId}/bills/detail",
                "/api/v1/customers/{customerId}/transactions", "/api/v1/clock/advance"}) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        String topUp = paths.path("/api/v1/customers/{customerId}/top-ups").toString();
        assertThat(topUp).contains("Idempotency-Key").doesNotContain("\"caller\"");
        assertThat(docs.json().path("components").path("securitySchemes").has("apiKey")).isTrue();
        Api.Response ui = api.send(api.builder("/swagger-ui/index.html", null).GET().build());
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }

    @Test
    void healthAndPrometheusMetricsAreServed() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        Api.Response metrics = api.send(api.builder("/actuator/prometheus", null).GET().build());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("tollgate_settlement_resource_hours_total").contains("hikaricp_connections");
    }

    /** The sum of a Prometheus series' samples whose labels contain every given fragment. */
    private double metric(String name, String... labels) {
        String text = api.send(api.builder("/actuator/prometheus", null).GET().build()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (java.util.Arrays.stream(labels).allMatch(line::contains)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    @Test
    void ingestionLedgerAndOutboxMetricsCountWhatHappened() {
        double refused = metric("tollgate_ingestion_records_total", "status=\"REFUSED\"");
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("recordId", "metrics-" + java.util.UUID.randomUUID());
        record.put("customerId", "no-such-customer-" + java.util.UUID.randomUUID());
        record.put("resourceId", "nothing");
        record.put("meter", "nothing");
        record.put("quantity", "1");
        record.put("windowStart", clock.instant().minusSeconds(3600).toString());
        record.put("windowEnd", clock.instant().minusSeconds(1800).toString());
        Api.Response r = api.post("/api/v1/platform/usage-records", PLATFORM_KEY,
                Map.of("records", java.util.List.of(record, record)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String code = r.json().path("results").get(0).path("code").asString();
        assertThat(metric("tollgate_ingestion_records_total", "status=\"REFUSED\"") - refused).isEqualTo(2.0);
        assertThat(metric("tollgate_ingestion_records_total", "code=\"" + code + "\"")).isGreaterThanOrEqualTo(2.0);

        double entries = metric("tollgate_ledger_entries_total");
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        assertThat(metric("tollgate_ledger_entries_total") - entries).isEqualTo(1.0);

        Long events = jdbc.queryForObject("select count(*) from notify_outbox", Long.class);
        Long newest = jdbc.queryForObject("select coalesce(max(position), 0) from notify_outbox", Long.class);
        assertThat(metric("tollgate_outbox_events")).isEqualTo(events.doubleValue());
        assertThat(metric("tollgate_outbox_newest_position")).isEqualTo(newest.doubleValue());
    }

    @Test
    void theClockIsReadableByAnyKeyAndAdvancingRunsSettlement() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        Api.Response now = api.get("/api/v1/clock", c.financeKey());
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.json().path("mode").asString()).isEqualTo("ADJUSTABLE");
        assertThat(now.json().path("zone").asString()).isEqualTo("+08:00");
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(day);
        String r = fx.create(c, "it.compute", spec, 1, day);
        Api.Response advanced = api.post("/api/v1/clock/advance", OPERATOR_KEY, Map.of("by", "PT2H10M"));
        assertThat(advanced.status()).as(advanced.body()).isEqualTo(200);
        assertThat(advanced.json().path("resourceHoursSettled").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(fx.feeRecords(c, day, r)).hasSize(2);
        Api.Response invalid = api.post("/api/v1/clock/advance", OPERATOR_KEY, Map.of("by", "two hours"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("invalid-duration");
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
    }

    @Test
    void anAdjustableClockResumesWhereItWasAfterARestart(@org.springframework.beans.factory.annotation.Autowired
                                                          io.tollgate.clock.JobRunner jobs) {
        fx.advanceTo(fx.nextDay());
        Instant saved = clock.instant();
        assertThat(jdbc.queryForObject("select now from clock_state", java.sql.Timestamp.class).toInstant())
                .isEqualTo(saved);
        io.tollgate.shared.BillingClock restarted = io.tollgate.shared.BillingClock.adjustable(clock.getZone(),
                Instant.parse("2030-01-01T00:00:00Z"));
        new io.tollgate.clock.ClockService(restarted, jobs, jdbc);
        assertThat(restarted.instant()).isEqualTo(saved);
    }

    /**
     * The demo clock across a restart: advanced by 3 hours, then 2 hours of real time pass (running,
     * then down). The restarted clock must be real time + 3 hours, never the instant of the last
     * advance, which is 2 hours in its past (hours the jobs settled meanwhile would lie in its future).
     * Real time here is 2026, before every row of the other tests (2030 on), so the jobs find nothing.
     */
    @Test
    void aDemoClockKeepsItsOffsetAcrossARestart(@org.springframework.beans.factory.annotation.Autowired
                                                io.tollgate.clock.JobRunner jobs) {
        java.util.List<Map<String, Object>> kept = jdbc.queryForList("select * from clock_state");
        jdbc.update("delete from clock_state");
        try {
            java.util.concurrent.atomic.AtomicReference<Instant> real =
                    new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
            java.time.Clock realClock = new java.time.Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return real.get();
                }
            };
            io.tollgate.shared.BillingClock first = io.tollgate.shared.BillingClock.demo(clock.getZone(), realClock);
            new io.tollgate.clock.ClockService(first, jobs, jdbc).advanceBy(java.time.Duration.ofHours(3));
            real.set(real.get().plus(java.time.Duration.ofHours(2)));
            Instant lastSeen = first.instant();

            io.tollgate.shared.BillingClock restarted = io.tollgate.shared.BillingClock.demo(clock.getZone(), realClock);
            new io.tollgate.clock.ClockService(restarted, jobs, jdbc);
            assertThat(restarted.instant()).isEqualTo(Instant.parse("2026-06-01T05:00:00Z"))
                    .isAfterOrEqualTo(lastSeen);
        } finally {
            jdbc.update("delete from clock_state");
            for (Map<String, Object> row : kept) {
                jdbc.update("insert into clock_state (id, now, offset_ms) values (?, ?, ?)", row.get("id"),
                        row.get("now"), row.get("offset_ms"));
            }
        }
    }

    @Test
    void unknownEndpointsAndWrongMethodsAreProblems() {
        Api.Response missing = api.get("/api/v1/nothing-here", OPERATOR_KEY);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not-found");
        Api.Response method = api.send(api.builder("/api/v1/clock/advance", OPERATOR_KEY).DELETE().build());
        assertThat(method.status()).isEqualTo(405);
        Api.Response media = api.send(api.builder("/api/v1/clock/advance", OPERATOR_KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(media.status()).isEqualTo(415);
    }
}
