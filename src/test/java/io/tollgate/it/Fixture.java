package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.shared.BillingClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Builders for test data through the public API: a catalog of test specs, customers with keys,
 * resource events, top-ups, and the clock. Every name is unique, so tests never share data.
 */
public final class Fixture {
    public static final String REGION = "it-region-1";
    public static final ZoneId ZONE = ZoneId.of("+08:00");
    /** The servers (by API base address) whose catalog holds the test types: a test with its own context gets them too. */
    private static final java.util.Set<String> TYPES_DEFINED = new java.util.HashSet<>();

    private final Api api;
    private final BillingClock clock;
    public final String operatorKey;
    public final String platformKey;

    public record CustomerKeys(String id, String adminKey, String financeKey) {
    }

    Fixture(Api api, BillingClock clock, String operatorKey, String platformKey) {
        this.api = api;
        this.clock = clock;
        this.operatorKey = operatorKey;
        this.platformKey = platformKey;
        defineTypes();
    }

    private synchronized void defineTypes() {
        synchronized (Fixture.class) {
            if (!TYPES_DEFINED.add(api.base())) {
                return;
            }
            ok(api.post("/api/v1/catalog/service-types", operatorKey, Map.of("code", "it", "name", "IT compute")), "it");
            ok(api.post("/api/v1/catalog/service-types", operatorKey, Map.of("code", "it-evs", "name", "IT disks")),
                    "it-evs");
            ok(api.post("/api/v1/catalog/specs", operatorKey, Map.of("code", "it.disk", "serviceType", "it-evs",
                    "kind", "STORAGE", "name", "test disk")), "it.disk");
            ok(api.post("/api/v1/catalog/prices", operatorKey, price("it.disk", "GB_HOUR", "0.000064",
                    Instant.parse("2029-01-01T00:00:00Z"))), "it.disk price");
            ok(api.post("/api/v1/catalog/resource-types", operatorKey, Map.of("code", "it.compute", "serviceType", "it",
                    "name", "test compute", "metering", "RUNTIME", "specKind", "COMPUTE")), "it.compute");
            ok(api.post("/api/v1/catalog/resource-types", operatorKey, Map.of("code", "it.notebook", "serviceType", "it",
                    "name", "test notebook", "metering", "RUNTIME", "specKind", "COMPUTE", "diskSpecCode", "it.disk",
                    "diskGb", 5)), "it.notebook");
            ok(api.post("/api/v1/catalog/resource-types", operatorKey, Map.of("code", "it.volume", "serviceType", "it-evs",
                    "name", "test volume", "metering", "CAPACITY", "specKind", "STORAGE")), "it.volume");
        }
    }

    private void ok(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(201);
    }

    /** A new compute spec in service 'it' with one pay-per-use price per hour in force since 2029. */
    public String computeSpec(String hourlyPrice) {
        return computeSpec(hourlyPrice, "it");
    }

    /** A compute spec of {@code serviceType} at {@code hourlyPrice} an hour, pay-per-use in {@link #REGION}. */
    public String computeSpec(String hourlyPrice, String serviceType) {
        String code = "it.cpu." + UUID.randomUUID().toString().substring(0, 8);
        Api.Response r = api.post("/api/v1/catalog/specs", operatorKey, Map.of("code", code, "serviceType", serviceType,
                "kind", "COMPUTE", "name", "test flavor", "vcpus", 2, "memoryGib", 8));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        publish(code, "HOUR", hourlyPrice, Instant.parse("2029-01-01T00:00:00Z"));
        return code;
    }

    public Api.Response publish(String spec, String unit, String unitPrice, Instant effectiveFrom) {
        Api.Response r = api.post("/api/v1/catalog/prices", operatorKey, price(spec, unit, unitPrice, effectiveFrom));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }

    public static Map<String, Object> price(String spec, String unit, String unitPrice, Instant effectiveFrom) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("specCode", spec);
        m.put("region", REGION);
        m.put("billingMode", "PAY_PER_USE");
        m.put("unit", unit);
        m.put("unitPrice", unitPrice);
        m.put("currency", "CNY");
        m.put("effectiveFrom", effectiveFrom.toString());
        return m;
    }

    public CustomerKeys customer() {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response r = api.post("/api/v1/customers", operatorKey, Map.of("id", id, "currency", "CNY"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String admin = api.post("/api/v1/customers/" + id + "/api-keys", operatorKey, Map.of("role", "CUSTOMER_ADMIN"))
                .json().path("key").asString();
        String finance = api.post("/api/v1/customers/" + id + "/api-keys", operatorKey,
                Map.of("role", "CUSTOMER_FINANCE")).json().path("key").asString();
        return new CustomerKeys(id, admin, finance);
    }

    public Api.Response topUp(CustomerKeys c, String amount) {
        return api.post("/api/v1/customers/" + c.id() + "/top-ups", c.adminKey(), Api.json(Map.of("amount", amount)),
                "k-" + UUID.randomUUID());
    }

    /** Reports a lifecycle event; {@code fields} adds the event-specific fields. */
    public Api.Response event(String type, String resourceId, CustomerKeys c, Instant at, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", "ev-" + UUID.randomUUID());
        body.put("type", type);
        body.put("resourceId", resourceId);
        body.put("customerId", c.id());
        body.put("occurredAt", at.toString());
        body.putAll(fields);
        return api.post("/api/v1/platform/resource-events", platformKey, body);
    }

    /** Creates a running compute resource and returns its id. */
    public String create(CustomerKeys c, String type, String spec, int nodes, Instant at) {
        String id = "r-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response r = event("CREATED", id, c, at, Map.of("resourceType", type, "specCode", spec, "region", REGION,
                "nodes", nodes));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return id;
    }

    public void expect(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    /** Midnight (billing zone) of a day after the clock's current time: each test gets fresh days. */
    public Instant nextDay() {
        ZonedDateTime now = clock.instant().atZone(ZONE);
        return now.toLocalDate().plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    public static Instant at(Instant day, String localTime) {
        return day.atZone(ZONE).toLocalDate().atTime(LocalTime.parse(localTime)).atZone(ZONE).toInstant();
    }

    public JsonNode advanceTo(Instant to) {
        Api.Response r = api.post("/api/v1/clock/advance", operatorKey, Map.of("to", to.toString()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Advances past the settlement delay after the hour holding {@code instant} closed (if it is later). */
    public JsonNode settleThrough(Instant instant) {
        Instant hour = instant.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant closes = hour.equals(instant) ? hour : hour.plus(Duration.ofHours(1));
        Instant target = closes.plus(Duration.ofMinutes(10));
        return advanceTo(target.isAfter(clock.instant()) ? target : clock.instant());
    }

    /** Every fee record of the customer in the month of {@code day}, through the cursor pages. */
    public List<JsonNode> feeRecords(CustomerKeys c, Instant day, String resourceId) {
        String month = day.atZone(ZONE).toLocalDate().toString().substring(0, 7);
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/v1/customers/" + c.id() + "/bills/detail?limit=200&month=" + month
                    + (resourceId == null ? "" : "&resourceId=" + resourceId) + (cursor == null ? "" : "&cursor=" + cursor);
            Api.Response r = api.get(path, c.financeKey());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            r.json().path("items").forEach(all::add);
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asString(null);
        } while (cursor != null);
        return all;
    }

    /** Sets the customer's credit limit (operator). */
    public void creditLimit(CustomerKeys c, String limit) {
        expect(api.send(api.builder("/api/v1/customers/" + c.id() + "/credit-limit", operatorKey)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"creditLimit\":\"" + limit + "\"}"))
                .build()), 200);
    }

    /** The sum of one amount field over fee lines (or transactions). */
    public static java.math.BigDecimal sum(List<JsonNode> lines, String field) {
        return lines.stream().map(l -> new java.math.BigDecimal(l.path(field).asString()))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }

    /** The FOCUS export of a month as rows of column -> value (null for an empty field), checked by FocusRules. */
    public List<Map<String, String>> focus(CustomerKeys c, String month) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/exports/focus.csv?month=" + month, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(io.tollgate.export.FocusRules.check(r.body())).as("FOCUS 1.2 rules").isEmpty();
        List<List<String>> rows = io.tollgate.export.FocusRules.parse(r.body());
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                m.put(rows.get(0).get(i), row.get(i).isEmpty() ? null : row.get(i));
            }
            out.add(m);
        }
        return out;
    }

    /** The sum of a decimal column over FOCUS rows. */
    public static java.math.BigDecimal sumOf(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> new java.math.BigDecimal(r.get(column)))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }

    public JsonNode balance(CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/balance", c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static final java.util.Set<String> usageTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A new COUNT usage meter of the usage-metered resource type {@code type} (defined on first
     * use), with one FLAT price in force since 2029 and the given free quota a month.
     */
    public String usageMeter(String type, String quantityUnit, String priceUnit, String unitSize, String unitPrice,
                             String freeQuota) {
        synchronized (usageTypes) {
            if (usageTypes.add(type)) {
                expect(api.post("/api/v1/catalog/resource-types", operatorKey, Map.of("code", type, "serviceType",
                        "it-evs", "name", "test " + type, "metering", "USAGE", "specKind", "STORAGE")), 201);
            }
        }
        String code = type + "." + UUID.randomUUID().toString().substring(0, 8);
        expect(api.post("/api/v1/catalog/meters", operatorKey, Map.of("code", code, "resourceType", type, "name",
                code, "quantityUnit", quantityUnit, "priceUnit", priceUnit, "measure", "COUNT", "unitSize", unitSize)),
                201);
        Map<String, Object> price = new LinkedHashMap<>(Map.of("meterCode", code, "region", REGION,
                "currency", "CNY", "model", "FLAT", "tiers", List.of(Map.of("unitPrice", unitPrice)),
                "effectiveFrom", "2029-01-01T00:00:00Z", "freeQuota", freeQuota));
        expect(api.post("/api/v1/catalog/meter-prices", operatorKey, price), 201);
        return code;
    }
}
