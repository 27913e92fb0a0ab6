package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Requests built to slip past the checks: encoded or parameterised paths, broken multipart and
 * percent-encoding, nulls in lists, control characters and oversized tags. Each gets a 4xx problem
 * with a stable code and writes nothing; in a usage batch only the bad record is refused.
 */
class HostileInputIT extends IntegrationTest {

    private void refused(Api.Response r, int status, String code, Map<String, Long> before) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(rowCounts()).isEqualTo(before);
    }

    private Api.Response raw(String method, String path, String key, String contentType, String body) {
        HttpRequest.Builder b = api.builder(path, key);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return api.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void encodedAndParameterisedPathsNeedAKey() {
        Map<String, Long> before = rowCounts();
        for (String path : List.of("/%61pi/v1/clock", "/api;x=1/v1/clock", "/api/v1;x=1/clock", "/API/v1/clock",
                "/api/v1/%63lock", "//api/v1/clock", "/v3/api-docs/../../api/v1/clock", "/swagger-ui/..;/api/v1/clock",
                "/actuator/health;/../../api/v1/clock", "/nothing-here")) {
            Api.Response anonymous = raw("GET", path, null, null, null);
            assertThat(anonymous.status()).as(path + ": " + anonymous.body()).isIn(400, 401);
            Api.Response advance = raw("POST", path.replace("clock", "clock/advance"), null, "application/json",
                    "{\"by\":\"PT1H\"}");
            assertThat(advance.status()).as(path + " advance: " + advance.body()).isIn(400, 401);
        }
        assertThat(raw("GET", "/%61pi/v1/clock", OPERATOR_KEY, null, null).status()).isEqualTo(200);
        // The public paths stay public, and only those.
        assertThat(raw("GET", "/actuator/health", null, null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/v3/api-docs", null, null, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/actuator/env", null, null, null).status()).isEqualTo(401);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void malformedRequestsAreProblemsNot500s() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        String boundary = "----tollgate";
        for (String path : List.of("/api/v1/platform/resource-events", "/api/v1/customers/" + c.id() + "/top-ups",
                "/api/v1/catalog/meter-prices")) {
            refused(raw("POST", path, OPERATOR_KEY, "multipart/form-data; boundary=" + boundary, "--" + boundary
                    + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nbroken"), 400, "malformed-multipart", before);
            refused(raw("POST", path, OPERATOR_KEY, "multipart/form-data", "x"), 400, "malformed-multipart", before);
            refused(raw("POST", path, OPERATOR_KEY, "text/plain", "{}"), 415, "unsupported-media-type", before);
        }
        refused(raw("PUT", "/api/v1/customers/" + c.id() + "/credit-limit", OPERATOR_KEY,
                "multipart/form-data; boundary=x", "--x\r\nbroken"), 400, "malformed-multipart", before);
        refused(api.raw("GET", "/api/v1/customers/" + c.id() + "/bills/detail?month=%zz", c.financeKey(), null, null),
                400, "invalid-parameter", before);
        refused(api.raw("GET", "/api/v1/customers/" + c.id() + "/transactions?cursor=%E0%A4%A", c.financeKey(), null,
                null), 400, "invalid-parameter", before);
        Map<String, Object> price = new HashMap<>(Map.of("meterCode", "m", "region", Fixture.REGION, "currency", "CNY",
                "model", "FLAT"));
        price.put("tiers", java.util.Arrays.asList((Object) null));
        refused(api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, price), 400, "invalid-tiers", before);
    }

    @Test
    void controlCharactersAndOversizedTagsAreRefused() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("1.00");
        fx.advanceTo(fx.nextDay().plus(Duration.ofHours(12)));
        Instant now = clock.instant();
        Map<String, Long> before = rowCounts();
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("resourceType", "it.compute", "specCode", spec,
                "region", Fixture.REGION, "nodes", 1));
        fields.put("tags", Map.of("team", "a\u0000b"));
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "invalid-characters", before);
        fields.put("tags", Map.of("te\u0000am", "ab"));
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "invalid-characters", before);
        fields.put("tags", Map.of("team", "ok"));
        fields.put("enterpriseProject", "line\nbreak");
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "invalid-characters", before);
        fields.remove("enterpriseProject");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("k" + i, "v");
        }
        fields.put("tags", many);
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "too-many-tags", before);
        fields.put("tags", Map.of("k".repeat(65), "v"));
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "invalid-tag", before);
        fields.put("tags", Map.of("k", "v".repeat(257)));
        refused(fx.event("CREATED", "r-" + UUID.randomUUID(), c, now, fields), 400, "invalid-tag", before);
        refused(api.post("/api/v1/customers", OPERATOR_KEY, Map.of("id", "n-" + UUID.randomUUID().toString()
                .substring(0, 8), "currency", "CNY", "name", "x".repeat(257))), 400, "name-too-long", before);
        refused(api.post("/api/v1/customers", OPERATOR_KEY, Map.of("id", "n-" + UUID.randomUUID().toString()
                .substring(0, 8), "currency", "CNY", "name", "nul\u0000")), 400, "invalid-characters", before);
        // At the limits the event is accepted.
        Map<String, String> twenty = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            twenty.put(String.format("%02d", i) + "k".repeat(62), "v".repeat(256));
        }
        fields.put("tags", twenty);
        String r = "r-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", r, c, now, fields), 201);
        fx.expect(fx.event("DELETED", r, c, now, Map.of()), 201);
    }

    @Test
    void aUsageRecordWithControlCharactersIsRefusedAloneAndTheOthersAreAccepted() {
        Fixture.CustomerKeys c = fx.customer();
        Instant day = fx.nextDay();
        String type = "it.bucket." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/resource-types", OPERATOR_KEY, Map.of("code", type, "serviceType", "it-evs",
                "name", "test bucket", "metering", "USAGE", "specKind", "STORAGE")), 201);
        String meter = "it.m." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(api.post("/api/v1/catalog/meters", OPERATOR_KEY, Map.of("code", meter, "resourceType", type,
                "name", meter, "quantityUnit", "request", "priceUnit", "request", "measure", "COUNT", "unitSize", "1")), 201);
        Map<String, Object> tier = new HashMap<>();
        tier.put("upTo", null);
        tier.put("unitPrice", "0.01");
        fx.expect(api.post("/api/v1/catalog/meter-prices", OPERATOR_KEY, Map.of("meterCode", meter, "region",
                Fixture.REGION, "currency", "CNY", "model", "FLAT", "tiers", List.of(tier),
                "effectiveFrom", "2029-01-01T00:00:00Z")), 201);
        String bucket = "b-" + UUID.randomUUID();
        fx.advanceTo(day.plus(Duration.ofHours(2)));
        fx.expect(fx.event("CREATED", bucket, c, day, Map.of("resourceType", type, "region", Fixture.REGION)), 201);
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        String[][] cases = {{"tags", "team", "a\u0000b"}, {"tags", "team", "ok"}, {"attributes", "job", "x\u0007"},
                {"attributes", "job", "ok"}, {"tags", "k".repeat(65), "v"}};
        for (String[] k : cases) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("recordId", "u-" + UUID.randomUUID());
            rec.put("customerId", c.id());
            rec.put("resourceId", bucket);
            rec.put("meter", meter);
            rec.put("quantity", "3");
            rec.put("windowStart", day.toString());
            rec.put("windowEnd", day.plusSeconds(60).toString());
            rec.put(k[0], Map.of(k[1], k[2]));
            records.add(rec);
        }
        Map<String, Object> nulText = new LinkedHashMap<>(records.get(1));
        nulText.put("recordId", "u-" + UUID.randomUUID());
        nulText.put("enterpriseProject", "p\u0000");
        records.add(nulText);
        Api.Response r = api.post("/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", records));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> fates = new java.util.ArrayList<>();
        for (JsonNode n : r.json().path("results")) {
            fates.add(n.path("status").asString() + ":" + n.path("code").asString(""));
        }
        assertThat(fates).containsExactly("REFUSED:invalid-characters", "ACCEPTED:", "REFUSED:invalid-characters",
                "ACCEPTED:", "REFUSED:invalid-tag", "REFUSED:invalid-characters");
        assertThat(jdbc.queryForObject("select count(*) from metering_record where resource_id = ?", Long.class,
                bucket)).isEqualTo(2);
        // The retry of the same batch is the same: the bad records do not come back as a 409 forever.
        Api.Response again = api.post("/api/v1/platform/usage-records", PLATFORM_KEY, Map.of("records", records));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicates").asInt()).isEqualTo(2);
        assertThat(again.json().path("refused").asInt()).isEqualTo(4);
        fx.expect(fx.event("DELETED", bucket, c, clock.instant(), Map.of()), 201);
    }
}
