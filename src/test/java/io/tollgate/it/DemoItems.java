package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The whole demo catalog (compute, disks, GPU shares, usage-metered items: region cn-north-4,
 * CNY), installed once in the shared test database with prices in force since 2029, and helpers
 * to report usage records over HTTP and read the detailed bill.
 */
final class DemoItems {
    static final String REGION = DemoCatalog.REGION;
    static final String USAGE_PATH = "/api/v1/platform/usage-records";
    private static boolean installed;

    private final Api api;
    private final Fixture fx;
    private final String platformKey;

    DemoItems(Api api, Fixture fx, String platformKey) {
        this.api = api;
        this.fx = fx;
        this.platformKey = platformKey;
    }

    static synchronized void installOnce(CatalogService catalog, MeterService meters) {
        if (!installed) {
            DemoCatalog.install(catalog, meters, Instant.parse("2029-01-01T00:00:00Z"));
            installed = true;
        }
    }

    /** Creates a usage-metered resource (bucket, share, topic, log group, model service) and returns its id. */
    String resource(Fixture.CustomerKeys c, String type, Instant at) {
        String id = type.replace('.', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(fx.event("CREATED", id, c, at, Map.of("resourceType", type, "region", REGION)), 201);
        return id;
    }

    static Map<String, Object> record(Fixture.CustomerKeys c, String resource, String meter, String quantity,
                                      Instant from, Instant to) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recordId", "u-" + UUID.randomUUID());
        r.put("customerId", c.id());
        r.put("resourceId", resource);
        r.put("meter", meter);
        r.put("quantity", quantity);
        r.put("windowStart", from.toString());
        r.put("windowEnd", to.toString());
        return r;
    }

    /** Reports records; every one must be accepted. */
    JsonNode report(List<Map<String, Object>> records) {
        Api.Response r = api.post(USAGE_PATH, platformKey, Map.of("records", records));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(records.size());
        return r.json();
    }

    /** The detailed bill's lines of one resource and meter, in order. */
    List<JsonNode> lines(Fixture.CustomerKeys c, Instant day, String resource, String meter) {
        return fx.feeRecords(c, day, resource).stream().filter(l -> l.path("meter").asString().equals(meter)).toList();
    }
}
