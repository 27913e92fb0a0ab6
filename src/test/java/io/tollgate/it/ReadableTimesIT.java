package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Instants come back in the billing zone with its offset; requests may use any ISO-8601 offset. */
class ReadableTimesIT extends IntegrationTest {

    @Test
    void instantsAreWrittenWithTheBillingZonesOffsetAndReadWithAnyOffset() {
        JsonNode now = api.get("/api/v1/clock", OPERATOR_KEY).json();
        assertThat(now.path("now").asString()).endsWith("+08:00");
        assertThat(OffsetDateTime.parse(now.path("now").asString()).toInstant()).isEqualTo(clock.instant());

        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(day.plusSeconds(7200));
        Instant at = day.plusSeconds(3599);
        String r = "rt-" + java.util.UUID.randomUUID();
        // Sent with a -05:00 offset: 2030-..T(hh-5)..-05:00 is the same instant.
        String sent = at.atOffset(ZoneOffset.ofHours(-5)).toString();
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("eventId", "ev-" + r, "type", "CREATED",
                "resourceId", r, "customerId", c.id(), "occurredAt", sent, "resourceType", "it.compute",
                "specCode", spec, "region", Fixture.REGION, "nodes", 1));
        Api.Response created = api.post("/api/v1/platform/resource-events", PLATFORM_KEY, event);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String createdAt = created.json().path("resource").path("createdAt").asString();
        assertThat(createdAt).isEqualTo(at.atOffset(ZoneOffset.ofHours(8)).toString());
        // The replay with the UTC spelling of the same instant is the same event.
        event.put("occurredAt", at.toString());
        Api.Response replay = api.post("/api/v1/platform/resource-events", PLATFORM_KEY, event);
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("status").asString()).isEqualTo("DUPLICATE");
        assertThat(OffsetDateTime.parse(replay.json().path("resource").path("createdAt").asString()).toInstant())
                .isEqualTo(at);
        fx.expect(fx.event("DELETED", r, c, day.plusSeconds(3600), Map.of()), 201);
    }
}
