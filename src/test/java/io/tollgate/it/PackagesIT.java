package io.tollgate.it;

import static io.tollgate.it.DemoItems.record;
import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Resource packages over HTTP: granted by the operator, consumed after the free quota and before
 * pay-per-use (the one expiring first first), monthly quotas renewing without carry-over, listed
 * with what is left; grants idempotent by package id; concurrent ingestion never takes a quota twice.
 */
class PackagesIT extends IntegrationTest {
    private static final String TYPE = "it.pkg-bucket";

    private String meter(String quantityUnit, String priceUnit, String unitSize, String unitPrice, String freeQuota) {
        return fx.usageMeter(TYPE, quantityUnit, priceUnit, unitSize, unitPrice, freeQuota);
    }

    private String bucket(Fixture.CustomerKeys c, Instant at) {
        String id = "b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", id, c, at, Map.of("resourceType", TYPE, "region", Fixture.REGION)), 201);
        return id;
    }

    private static Map<String, Object> grant(String id, String meter, String quota, String period, Instant startsAt,
                                             Instant expiresAt) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("packageId", id);
        g.put("meter", meter);
        g.put("quota", quota);
        g.put("period", period);
        if (startsAt != null) {
            g.put("startsAt", startsAt.toString());
        }
        g.put("expiresAt", expiresAt.toString());
        return g;
    }

    private Api.Response post(Fixture.CustomerKeys c, Map<String, Object> grant) {
        return api.post("/api/v1/customers/" + c.id() + "/packages", OPERATOR_KEY, grant);
    }

    private String granted(Fixture.CustomerKeys c, String meter, String quota, String period, Instant startsAt,
                           Instant expiresAt) {
        String id = "pkg-" + UUID.randomUUID();
        fx.expect(post(c, grant(id, meter, quota, period, startsAt, expiresAt)), 201);
        return id;
    }

    private Map<String, JsonNode> packages(Fixture.CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/packages", c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        r.json().path("items").forEach(p -> byId.put(p.path("packageId").asString(), p));
        return byId;
    }

    private JsonNode report(List<Map<String, Object>> records) {
        Api.Response r = api.post(DemoItems.USAGE_PATH, PLATFORM_KEY, Map.of("records", records));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(records.size());
        return r.json();
    }

    private static List<String> field(List<JsonNode> lines, String name) {
        return lines.stream().map(l -> l.path(name).asString(null)).toList();
    }

    @Test
    void thePackageExpiringFirstIsUsedFirstAndOnceUsedUpUsageIsPayPerUse() {
        // 0.50 a GB (10^9 bytes), 1 GB free a month
        String gb = meter("byte", "GB", "1000000000", "0.50", "1");
        String otherMeter = meter("byte", "GB", "1000000000", "0.50", "0");
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String b = bucket(c, at(day, "08:00"));
        Instant now = at(day, "08:00");
        String late = granted(c, gb, "10", "TOTAL", now, now.plus(Duration.ofDays(365)));
        String early = granted(c, gb, "5", "TOTAL", null, now.plus(Duration.ofDays(90)));
        String notYet = granted(c, gb, "100", "TOTAL", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        String other = granted(c, otherMeter, "100", "TOTAL", now, now.plus(Duration.ofDays(30)));

        fx.advanceTo(at(day, "09:00"));
        report(List.of(record(c, b, gb, "4000000000", at(day, "08:00"), at(day, "08:20")),
                record(c, b, gb, "10000000000", at(day, "08:20"), at(day, "08:40")),
                record(c, b, gb, "5000000000", at(day, "08:40"), at(day, "09:00"))));
        List<JsonNode> lines = fx.feeRecords(c, day, b);
        // 4 GB: 1 free (the month's quota), 3 from the package expiring first (5 -> 2 left);
        // 10 GB: 2 from it (used up), 8 from the later one (10 -> 2 left);
        // 5 GB: 2 from the later one (used up), 3 pay-per-use x 0.50 = 1.50
        assertThat(field(lines, "freeUsage")).containsExactly("1.0000000000", "0.0000000000", "0.0000000000");
        assertThat(field(lines, "packageUsage")).containsExactly("3.0000000000", "10.0000000000", "2.0000000000");
        assertThat(field(lines, "amount")).containsExactly("0.00000000", "0.00000000", "1.50000000");

        Map<String, JsonNode> held = packages(c);
        assertThat(held.get(early).path("consumed").asString()).isEqualTo("5.0000000000");
        assertThat(held.get(early).path("remaining").asString()).isEqualTo("0.0000000000");
        assertThat(held.get(late).path("consumed").asString()).isEqualTo("10.0000000000");
        assertThat(held.get(late).path("remaining").asString()).isEqualTo("0.0000000000");
        assertThat(held.get(late).path("status").asString()).isEqualTo("USED_UP"); // valid, nothing left: 10 - 10 = 0
        // not started yet, and of another meter: untouched
        assertThat(held.get(notYet).path("status").asString()).isEqualTo("NOT_YET_VALID");
        assertThat(held.get(notYet).path("remaining").asString()).isEqualTo("100.0000000000");
        assertThat(held.get(other).path("consumedTotal").asString()).isEqualTo("0.0000000000");

        // settled: one fee record for the hour: 19 GB, 1 free, 15 from packages, 1.50 charged
        fx.advanceTo(at(day, "10:00"));
        report(List.of(record(c, b, gb, "2000000000", at(day, "09:00"), at(day, "10:00"))));
        fx.settleThrough(at(day, "10:00"));
        List<JsonNode> settled = fx.feeRecords(c, day, b);
        assertThat(field(settled, "usage")).containsExactly("19.0000000000", "2.0000000000");
        assertThat(field(settled, "freeUsage")).containsExactly("1.0000000000", "0.0000000000");
        assertThat(field(settled, "packageUsage")).containsExactly("15.0000000000", "0.0000000000");
        // the next hour's 2 GB are all pay-per-use: 2 x 0.50 = 1.00
        assertThat(field(settled, "chargedAmount")).containsExactly("1.50", "1.00");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("97.50");
    }

    @Test
    void aMonthlyQuotaRenewsEveryMonthFromItsStartWithoutCarryOver() {
        // 1.00 an hour of use (reported in hours), no free quota; 2 hours a month from the package
        String hours = meter("hour", "hour", "1", "1.00", "0");
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        Instant day = fx.nextDay();
        Instant start = at(day, "12:00");
        fx.advanceTo(start);
        String b = bucket(c, start);
        Instant nextMonth = start.atZone(Fixture.ZONE).plusMonths(1).toInstant();
        String monthly = granted(c, hours, "2", "MONTHLY", start, start.atZone(Fixture.ZONE).plusMonths(3).toInstant());

        fx.advanceTo(at(day, "13:00"));
        report(List.of(record(c, b, hours, "1", start, at(day, "13:00"))));
        JsonNode first = packages(c).get(monthly);
        assertThat(Instant.parse(first.path("periodStart").asString())).isEqualTo(start);
        assertThat(Instant.parse(first.path("periodEnd").asString())).isEqualTo(nextMonth);
        assertThat(first.path("remaining").asString()).isEqualTo("1.0000000000");

        // A month later the quota is 2 again (the hour left last month is gone): 3 hours use 2, 1 is paid
        Instant later = nextMonth.plus(Duration.ofHours(1));
        fx.advanceTo(later);
        report(List.of(record(c, b, hours, "3", nextMonth, later)));
        JsonNode renewed = packages(c).get(monthly);
        assertThat(Instant.parse(renewed.path("periodStart").asString())).isEqualTo(nextMonth);
        assertThat(renewed.path("consumed").asString()).isEqualTo("2.0000000000");
        assertThat(renewed.path("remaining").asString()).isEqualTo("0.0000000000");
        assertThat(renewed.path("consumedTotal").asString()).isEqualTo("3.0000000000");
        List<JsonNode> lines = fx.feeRecords(c, nextMonth, b);
        assertThat(field(lines, "packageUsage")).containsExactly("2.0000000000");
        assertThat(field(lines, "amount")).containsExactly("1.00000000");
    }

    @Test
    void grantsAreIdempotentByPackageIdOperatorOnlyAndARefusedGrantWritesNothing() {
        String gb = meter("byte", "GB", "1000000000", "0.50", "0");
        Fixture.CustomerKeys c = fx.customer();
        Fixture.CustomerKeys stranger = fx.customer();
        Instant now = clock.instant();
        Instant expires = now.plus(Duration.ofDays(30));
        String id = "pkg-" + UUID.randomUUID();
        Map<String, Object> body = grant(id, gb, "50", "MONTHLY", null, expires);
        Api.Response first = post(c, body);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("quota").asString()).isEqualTo("50.0000000000");
        assertThat(first.json().path("status").asString()).isEqualTo("ACTIVE");
        // the same grant again (even later): the package again, 200
        Api.Response again = post(c, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(Instant.parse(again.json().path("grantedAt").asString())).isEqualTo(Instant.parse(first.json().path("grantedAt").asString()));

        Map<String, Long> before = rowCounts();
        List<Object[]> refused = List.of(
                new Object[] {post(c, grant(id, gb, "60", "MONTHLY", null, expires)), 409, "package-id-reused"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), gb, "1", "TOTAL", now.minusSeconds(1), expires)),
                        422, "package-starts-in-past"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), gb, "1", "TOTAL", null, now)), 400,
                        "invalid-validity"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), gb, "1", "TOTAL", null,
                        now.plus(Duration.ofDays(4 * 366)))), 400, "invalid-validity"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), gb, "0", "TOTAL", null, expires)), 400,
                        "invalid-quota"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), gb, "-1", "TOTAL", null, expires)), 400,
                        "invalid-quota"},
                new Object[] {post(c, grant("p-" + UUID.randomUUID(), "it.no-such-meter", "1", "TOTAL", null,
                        expires)), 422, "unknown-meter"},
                new Object[] {post(c, grant("bad id!", gb, "1", "TOTAL", null, expires)), 400, "invalid-package-id"},
                new Object[] {api.post("/api/v1/customers/" + c.id() + "/packages", c.adminKey(),
                        grant("p-" + UUID.randomUUID(), gb, "1", "TOTAL", null, expires)), 403, "role-not-allowed"});
        for (Object[] r : refused) {
            Api.Response response = (Api.Response) r[0];
            assertThat(response.status()).as(response.body()).isEqualTo(r[1]);
            assertThat(response.code()).isEqualTo(r[2]);
        }
        assertThat(rowCounts()).isEqualTo(before);

        // customers see their own packages only
        assertThat(packages(c)).containsOnlyKeys(id);
        Api.Response foreign = api.get("/api/v1/customers/" + c.id() + "/packages", stranger.adminKey());
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(packages(stranger)).isEmpty();
    }

    @Test
    void concurrentBatchesNeverTakeMoreThanTheQuotaAndNeverWaitOnEachOtherInACircle() throws Exception {
        String hours = meter("hour", "hour", "1", "1.00", "0");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        Fixture.CustomerKeys a = fx.customer();
        Fixture.CustomerKeys b = fx.customer();
        String bucketA = bucket(a, at(day, "08:00"));
        String bucketB = bucket(b, at(day, "08:00"));
        Instant expires = at(day, "08:00").plus(Duration.ofDays(30));
        granted(a, hours, "10", "TOTAL", null, expires);
        granted(a, hours, "5", "MONTHLY", null, expires);
        granted(b, hours, "10", "TOTAL", null, expires);
        fx.advanceTo(at(day, "09:00"));
        // 6 threads x 10 batches, each batch one hour for a and one for b, in opposite orders by thread
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                boolean aFirst = t % 2 == 0;
                done.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    for (int i = 0; i < 10; i++) {
                        Map<String, Object> ra = record(a, bucketA, hours, "1", at(day, "08:00"), at(day, "09:00"));
                        Map<String, Object> rb = record(b, bucketB, hours, "1", at(day, "08:00"), at(day, "09:00"));
                        Api.Response r = api.post(DemoItems.USAGE_PATH, PLATFORM_KEY,
                                Map.of("records", aFirst ? List.of(ra, rb) : List.of(rb, ra)));
                        ok += r.status() == 200 && r.json().path("accepted").asInt() == 2 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) {
                ok += f.get();
            }
            assertThat(ok).isEqualTo(60);
        } finally {
            pool.shutdown();
        }
        // 60 hours each: a's packages give 10 + 5, b's 10; the rest is pay-per-use at 1.00
        String sql = "select sum(package_quantity) || '/' || sum(billable_quantity) || '/' || sum(amount) "
                + "from metering_usage_line where customer_id = ?";
        assertThat(jdbc.queryForObject(sql, String.class, a.id()))
                .isEqualTo("15.0000000000/45.0000000000/45.00000000");
        assertThat(jdbc.queryForObject(sql, String.class, b.id()))
                .isEqualTo("10.0000000000/50.0000000000/50.00000000");
        assertThat(packages(a).values()).extracting(p -> p.path("remaining").asString())
                .containsOnly("0.0000000000");
    }

    @Test
    void aPackageOfNodeHoursCoversComputeOfItsSpecBeforePayPerUse() {
        // 2.5 node-hours of a 1.20 spec; a 2-node job runs 08:00-10:00 (4 node-hours):
        // hour 08: 2 node-hours from the package, 0.00; hour 09: 0.5 from the package, 1.5 x 1.20 = 1.80.
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        String spec = fx.computeSpec("1.20");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String pkg = granted(c, spec, "2.5", "TOTAL", null, day.plus(java.time.Duration.ofDays(30)));
        String job = fx.create(c, "it.compute", spec, 2, at(day, "08:00"));
        fx.advanceTo(at(day, "10:00"));
        fx.expect(fx.event("DELETED", job, c, at(day, "10:00"), Map.of()), 201);
        fx.settleThrough(at(day, "10:00"));
        List<JsonNode> lines = fx.feeRecords(c, day, job);
        assertThat(field(lines, "packageUsage")).containsExactly("2.0000000000", "0.5000000000");
        assertThat(field(lines, "amount")).containsExactly("0.00000000", "1.80000000");
        // 10.00 - 1.80 = 8.20; the package's 2.5 node-hours are used up: 2.5 - 2.0 - 0.5 = 0
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("8.20");
        assertThat(packages(c).get(pkg).path("remaining").asString()).isEqualTo("0.0000000000");
        // a package of an unknown spec or meter is refused
        fx.expect(post(c, grant("pkg-" + UUID.randomUUID(), "no.such.spec", "1", "TOTAL", null,
                day.plus(java.time.Duration.ofDays(30)))), 422);
    }
}
