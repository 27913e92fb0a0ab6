package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builders for prepaid prices through the public API: a compute spec priced per hour and, in the
 * yearly/monthly mode, per MONTH and per YEAR; a storage spec per GB-hour, GB-month and GB-year.
 */
final class PrepaidFixture {
    static final Instant SINCE = Instant.parse("2029-01-01T00:00:00Z");
    private final Api api;
    private final Fixture fx;

    PrepaidFixture(Api api, Fixture fx) {
        this.api = api;
        this.fx = fx;
    }

    static Map<String, Object> price(String spec, String mode, String unit, String unitPrice, Instant effectiveFrom) {
        Map<String, Object> m = new LinkedHashMap<>(Fixture.price(spec, unit, unitPrice, effectiveFrom));
        m.put("billingMode", mode);
        return m;
    }

    Api.Response publishPrepaid(String spec, String unit, String unitPrice, Instant effectiveFrom) {
        return api.post("/api/v1/catalog/prices", fx.operatorKey, price(spec, "YEARLY_MONTHLY", unit, unitPrice,
                effectiveFrom));
    }

    /** A compute spec with an hourly price and, when not null, a monthly and a yearly one, all in force since 2029. */
    String computeSpec(String hourly, String monthly, String yearly) {
        String spec = fx.computeSpec(hourly);
        if (monthly != null) {
            fx.expect(publishPrepaid(spec, "MONTH", monthly, SINCE), 201);
        }
        if (yearly != null) {
            fx.expect(publishPrepaid(spec, "YEAR", yearly, SINCE), 201);
        }
        return spec;
    }

    /** A storage spec priced per GB-hour, GB-month and GB-year since 2029. */
    String storageSpec(String gbHour, String gbMonth, String gbYear) {
        String spec = "it.ssd." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/specs", fx.operatorKey, Map.of("code", spec, "serviceType", "it-evs",
                "kind", "STORAGE", "name", "test SSD")), 201);
        fx.expect(api.post("/api/v1/catalog/prices", fx.operatorKey,
                Fixture.price(spec, "GB_HOUR", gbHour, SINCE)), 201);
        fx.expect(publishPrepaid(spec, "GB_MONTH", gbMonth, SINCE), 201);
        fx.expect(publishPrepaid(spec, "GB_YEAR", gbYear, SINCE), 201);
        return spec;
    }

    /** A resource type of the test service, compute, with the prepaid flag as given (or absent). */
    Api.Response resourceType(String code, Boolean prepaidAllowed) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("code", code, "serviceType", "it", "name", "test pool",
                "metering", "RUNTIME", "specKind", "COMPUTE"));
        if (prepaidAllowed != null) {
            body.put("prepaidAllowed", prepaidAllowed);
        }
        return api.post("/api/v1/catalog/resource-types", fx.operatorKey, body);
    }

    static void assertPrice(tools.jackson.databind.JsonNode price, String unit, String unitPrice, int version) {
        assertThat(price.path("unit").asString()).isEqualTo(unit);
        assertThat(price.path("unitPrice").asString()).isEqualTo(unitPrice);
        assertThat(price.path("version").asInt()).isEqualTo(version);
    }
}
