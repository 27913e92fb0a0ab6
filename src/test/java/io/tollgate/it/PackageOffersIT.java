package io.tollgate.it;

import static io.tollgate.it.DemoItems.record;
import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.app.DemoCatalog;
import io.tollgate.catalog.CatalogService;
import io.tollgate.catalog.MeterService;
import io.tollgate.catalog.PackageOfferService;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Resource packages for sale: the operator's offers, bought as PACKAGE orders through the payment
 * step (cash, then credit), idempotent by key, drawn by usage and by compute hours like granted
 * packages, monthly quotas renewing on the 1st in the billing zone, utilization and status listed,
 * never refundable; bad input refused with stable codes, writing nothing.
 */
class PackageOffersIT extends IntegrationTest {
    private static final String TYPE = "it.offer-bucket";

    /** A usage meter of hours at 1.00 an hour, no free quota. */
    private String hourMeter() {
        return fx.usageMeter(TYPE, "hour", "hour", "1", "1.00", "0");
    }

    private static Map<String, Object> offer(String code, String covers, String quantity, String period, int months,
                                             String price) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("code", code);
        o.put("name", "offer " + code);
        o.put("covers", covers);
        o.put("quantity", quantity);
        o.put("period", period);
        o.put("validityMonths", months);
        o.put("price", price);
        o.put("currency", "CNY");
        return o;
    }

    private String created(Map<String, Object> offer) {
        fx.expect(api.post("/api/v1/catalog/package-offers", OPERATOR_KEY, offer), 201);
        return (String) offer.get("code");
    }

    private static String code() {
        return "it-offer-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Api.Response buy(Fixture.CustomerKeys c, Map<String, Object> body, String key) {
        return api.post("/api/v1/customers/" + c.id() + "/package-orders", c.adminKey(), Api.json(body), key);
    }

    private JsonNode bought(Fixture.CustomerKeys c, Map<String, Object> body) {
        Api.Response r = buy(c, body, "k-" + UUID.randomUUID());
        fx.expect(r, 201);
        return r.json();
    }

    private Map<String, JsonNode> packages(Fixture.CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/packages", c.financeKey());
        fx.expect(r, 200);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        r.json().path("items").forEach(p -> byId.put(p.path("packageId").asString(), p));
        return byId;
    }

    private void report(Fixture.CustomerKeys c, String resource, String meter, String hours, Instant from, Instant to) {
        Api.Response r = api.post(DemoItems.USAGE_PATH, PLATFORM_KEY, Map.of("records",
                List.of(record(c, resource, meter, hours, from, to))));
        fx.expect(r, 200);
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(1);
    }

    private List<JsonNode> daily(Fixture.CustomerKeys c, LocalDate from, LocalDate to, String resourceId, String view) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/costs/daily?from=" + from + "&to=" + to
                + "&resourceId=" + resourceId + "&view=" + view, c.financeKey());
        fx.expect(r, 200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    private static List<String> field(List<JsonNode> lines, String name) {
        return lines.stream().map(l -> l.path(name).asString(null)).toList();
    }

    @Test
    void aBoughtComputePackagePaysFromCashThenCreditAndCoversItsNodeHoursThenPayPerUse() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "50.00"), 201);
        fx.creditLimit(c, "100.00");
        String spec = fx.computeSpec("1.20");
        String offer = created(offer(code(), spec, "100", "TOTAL", 1, "120.00"));
        Instant day = fx.nextDay();
        Instant start = at(day, "08:00");
        fx.advanceTo(start);

        JsonNode order = bought(c, Map.of("offerCode", offer));
        // 120.00 paid: 50.00 from cash (all of it), then 120.00 - 50.00 = 70.00 from credit
        assertThat(order.path("type").asString()).isEqualTo("PACKAGE");
        assertThat(order.path("status").asString()).isEqualTo("PAID");
        assertThat(order.path("listAmount").asString()).isEqualTo("120.00");
        assertThat(order.path("cashAmount").asString()).isEqualTo("50.00");
        assertThat(order.path("creditAmount").asString()).isEqualTo("70.00");
        JsonNode balance = fx.balance(c);
        assertThat(balance.path("cash").asString()).isEqualTo("0.00"); // 50.00 - 50.00
        assertThat(balance.path("creditUsed").asString()).isEqualTo("70.00"); // 0.00 + 70.00
        long orderId = order.path("id").asLong();
        String packageId = order.path("resourceId").asString();

        // the order row, as the detailed bill will read it
        Map<String, Object> row = jdbc.queryForMap("select type, status, resource_id, resource_type, spec_code, "
                + "list_amount, cash_amount, credit_amount, term_unit, term_count, effective_from, expires_at, "
                + "details ->> 'offerCode' offer from subscription_order where id = ?", orderId);
        assertThat(row.get("type")).isEqualTo("PACKAGE");
        assertThat(row.get("resource_id")).isEqualTo(packageId);
        assertThat(row.get("resource_type")).isEqualTo("it.package"); // the spec's service type "it" + ".package"
        assertThat(row.get("spec_code")).isEqualTo(spec);
        assertThat((BigDecimal) row.get("list_amount")).isEqualByComparingTo("120.00");
        assertThat(row.get("term_unit")).isEqualTo("MONTH");
        assertThat(row.get("term_count")).isEqualTo(1);
        assertThat(row.get("offer")).isEqualTo(offer);
        assertThat(((java.sql.Timestamp) row.get("effective_from")).toInstant()).isEqualTo(start);
        // one month from 08:00 in the billing zone: the same time a month later
        Instant expires = start.atZone(Fixture.ZONE).plusMonths(1).toInstant();
        assertThat(((java.sql.Timestamp) row.get("expires_at")).toInstant()).isEqualTo(expires);

        // one ORDER entry for the order: -50.00 cash and -70.00 credit
        List<Map<String, Object>> legs = jdbc.queryForList("select a.kind, p.amount from ledger_entry e "
                + "join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account_id "
                + "where e.reference = ? and e.reason = 'ORDER' and a.kind in ('CASH', 'CREDIT') order by a.kind",
                "order:" + orderId);
        assertThat(legs).extracting(m -> m.get("kind")).containsExactly("CASH", "CREDIT");
        assertThat((BigDecimal) legs.get(0).get("amount")).isEqualByComparingTo("-50.00");
        assertThat((BigDecimal) legs.get(1).get("amount")).isEqualByComparingTo("-70.00");

        // listed as bought, nothing used yet
        JsonNode listed = packages(c).get(packageId);
        assertThat(listed.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(listed.path("quota").asString()).isEqualTo("100.0000000000");
        assertThat(listed.path("remaining").asString()).isEqualTo("100.0000000000");
        assertThat(listed.path("source").path("kind").asString()).isEqualTo("BOUGHT");
        assertThat(listed.path("source").path("offerCode").asString()).isEqualTo(offer);
        assertThat(listed.path("source").path("orderId").asLong()).isEqualTo(orderId);
        assertThat(Instant.parse(listed.path("startsAt").asString())).isEqualTo(start);
        assertThat(Instant.parse(listed.path("expiresAt").asString())).isEqualTo(expires);

        // a 1-node job for 101 hours: 100 node-hours from the package, the 101st at 1.20
        String job = fx.create(c, "it.compute", spec, 1, start);
        Instant end = start.plus(Duration.ofHours(101));
        fx.advanceTo(end);
        fx.expect(fx.event("DELETED", job, c, end, Map.of()), 201);
        fx.settleThrough(end);
        List<JsonNode> lines = new ArrayList<>(fx.feeRecords(c, start, job));
        if (!start.atZone(Fixture.ZONE).getMonth().equals(end.atZone(Fixture.ZONE).getMonth())) {
            lines.addAll(fx.feeRecords(c, end, job));
        }
        assertThat(lines).hasSize(101);
        // 100 lines of 1 node-hour from the package; the last one has none
        assertThat(Fixture.sum(lines, "packageUsage")).isEqualByComparingTo("100");
        assertThat(lines.get(100).path("packageUsage").asString()).isEqualTo("0.0000000000");
        // 100 x 0.00 + 1 x 1.20 = 1.20
        assertThat(Fixture.sum(lines, "amount")).isEqualByComparingTo("1.20");
        // no cash left: the 1.20 is drawn on credit, 70.00 + 1.20 = 71.20
        assertThat(fx.balance(c).path("creditUsed").asString()).isEqualTo("71.20");
        JsonNode after = packages(c).get(packageId);
        assertThat(after.path("remaining").asString()).isEqualTo("0.0000000000"); // 100 - 100
        assertThat(after.path("status").asString()).isEqualTo("USED_UP");

        // expired after its month
        fx.advanceTo(expires);
        assertThat(packages(c).get(packageId).path("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void aMonthlyPackageBoughtForTheFirstRenewsOnTheFirstInTheBillingZone() {
        String meter = hourMeter();
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        // 2 hours a month for 2 months at 30.00, starting on the 1st of next month at 00:00 +08:00
        String offer = created(offer(code(), meter, "2", "MONTHLY", 2, "30.00"));
        ZonedDateTime now = clock.instant().atZone(Fixture.ZONE);
        Instant first = now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(Fixture.ZONE).toInstant();
        Instant second = first.atZone(Fixture.ZONE).plusMonths(1).toInstant();
        Instant expires = first.atZone(Fixture.ZONE).plusMonths(2).toInstant();
        JsonNode order = bought(c, Map.of("offerCode", offer, "startsAt", first.toString()));
        String pkg = order.path("resourceId").asString();
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("70.00"); // 100.00 - 30.00
        assertThat(packages(c).get(pkg).path("status").asString()).isEqualTo("NOT_YET_VALID");
        assertThat(Instant.parse(packages(c).get(pkg).path("expiresAt").asString())).isEqualTo(expires);

        // Amortized over its validity: 3000 cents over the n whole days [first, expires) = n x q + r, the first
        // r days q + 1 cents, the others q (billing-rules §9); originally all 30.00 on the day it was paid.
        LocalDate paidDay = now.toLocalDate();
        LocalDate firstDay = first.atZone(Fixture.ZONE).toLocalDate();
        LocalDate endDay = expires.atZone(Fixture.ZONE).toLocalDate();
        int n = (int) (endDay.toEpochDay() - firstDay.toEpochDay());
        List<JsonNode> spread = daily(c, paidDay, endDay.plusDays(2), pkg, "AMORTIZED");
        assertThat(spread).hasSize(n);
        assertThat(LocalDate.parse(spread.get(0).path("day").asString())).isEqualTo(firstDay);
        assertThat(LocalDate.parse(spread.get(n - 1).path("day").asString())).isEqualTo(endDay.minusDays(1));
        for (int i = 0; i < n; i++) {
            assertThat(new BigDecimal(spread.get(i).path("cost").asString())).as("day " + i)
                    .isEqualByComparingTo(BigDecimal.valueOf(i < 3000 % n ? 3000 / n + 1 : 3000 / n, 2));
        }
        List<JsonNode> original = daily(c, paidDay, endDay.plusDays(2), pkg, "ORIGINAL");
        assertThat(original).hasSize(1);
        assertThat(LocalDate.parse(original.get(0).path("day").asString())).isEqualTo(paidDay);
        assertThat(new BigDecimal(original.get(0).path("cost").asString())).isEqualByComparingTo("30.00");

        String b = "b-" + UUID.randomUUID();
        fx.advanceTo(first);
        fx.expect(fx.event("CREATED", b, c, first, Map.of("resourceType", TYPE, "region", Fixture.REGION)), 201);
        // the first month: 3 hours, 2 from the package, 1 paid at 1.00
        Instant firstEnd = first.plus(Duration.ofHours(1));
        fx.advanceTo(firstEnd);
        report(c, b, meter, "3", first, firstEnd);
        assertThat(field(fx.feeRecords(c, first, b), "packageUsage")).containsExactly("2.0000000000");
        assertThat(field(fx.feeRecords(c, first, b), "amount")).containsExactly("1.00000000");
        // In FOCUS the package's 2 hours are a Committed row billed 0 at the line's price (ListCost 2 x 1.00 = 2),
        // the third hour the billed row of 1.00 (once the hour is settled).
        fx.settleThrough(firstEnd);
        List<Map<String, String>> rows = fx.focus(c, first.atZone(Fixture.ZONE).toLocalDate().toString()
                .substring(0, 7)).stream().filter(r -> b.equals(r.get("ResourceId"))).toList();
        Map<String, String> packaged = rows.stream().filter(r -> "Committed".equals(r.get("PricingCategory")))
                .findFirst().orElseThrow();
        assertThat(packaged).containsEntry("PricingQuantity", "2").containsEntry("BilledCost", "0")
                .containsEntry("EffectiveCost", "0").containsEntry("ListUnitPrice", "1").containsEntry("ListCost", "2");
        Map<String, String> billed = rows.stream().filter(r -> "Standard".equals(r.get("PricingCategory")))
                .findFirst().orElseThrow();
        assertThat(billed).containsEntry("PricingQuantity", "1").containsEntry("BilledCost", "1");
        JsonNode used = packages(c).get(pkg);
        assertThat(used.path("status").asString()).isEqualTo("USED_UP"); // 2 - 2 = 0 this month
        assertThat(used.path("consumed").asString()).isEqualTo("2.0000000000");

        // the last hour of the month, 23:00-24:00 on its last day: still the first month's quota, used up: 1 x 1.00
        Instant lastHour = second.minus(Duration.ofHours(1));
        fx.advanceTo(second);
        report(c, b, meter, "1", lastHour, second);
        assertThat(field(fx.feeRecords(c, lastHour, b), "amount")).endsWith("1.00000000");
        // the 1st of the next month at 00:00 +08:00: the quota is 2 again (nothing carried over)
        assertThat(packages(c).get(pkg).path("remaining").asString()).isEqualTo("2.0000000000");
        assertThat(packages(c).get(pkg).path("status").asString()).isEqualTo("ACTIVE");
        Instant secondEnd = second.plus(Duration.ofHours(1));
        fx.advanceTo(secondEnd);
        report(c, b, meter, "1", second, secondEnd);
        assertThat(field(fx.feeRecords(c, second, b), "packageUsage")).containsExactly("1.0000000000");
        assertThat(field(fx.feeRecords(c, second, b), "amount")).containsExactly("0.00000000");
        JsonNode renewed = packages(c).get(pkg);
        assertThat(Instant.parse(renewed.path("periodStart").asString())).isEqualTo(second);
        assertThat(renewed.path("remaining").asString()).isEqualTo("1.0000000000"); // 2 - 1
        assertThat(renewed.path("consumedTotal").asString()).isEqualTo("3.0000000000"); // 2 + 1

        fx.expect(fx.event("DELETED", b, c, secondEnd, Map.of()), 201);
        fx.advanceTo(expires);
        JsonNode expired = packages(c).get(pkg);
        assertThat(expired.path("status").asString()).isEqualTo("EXPIRED");
        assertThat(expired.path("remaining").asString()).isEqualTo("0.0000000000");
    }

    @Test
    void aReplayedPurchaseIsTheSameOrderChargedOnceAndAnotherBodyUnderItsKeyIs409() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("1.20");
        String offer = created(offer(code(), spec, "10", "TOTAL", 1, "9.90"));
        String other = created(offer(code(), spec, "20", "TOTAL", 1, "19.90"));
        Api.Response first = buy(c, Map.of("offerCode", offer), "buy-pkg-1");
        fx.expect(first, 201);
        Api.Response again = buy(c, Map.of("offerCode", offer), "buy-pkg-1");
        fx.expect(again, 200);
        assertThat(again.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
        assertThat(again.json().path("resourceId").asString()).isEqualTo(first.json().path("resourceId").asString());
        // charged once: 100.00 - 9.90 = 90.10
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("90.10");
        assertThat(packages(c)).hasSize(1);

        Api.Response reused = buy(c, Map.of("offerCode", other), "buy-pkg-1");
        fx.expect(reused, 409);
        assertThat(reused.code()).isEqualTo("idempotency-key-reused");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("90.10");
        assertThat(packages(c)).hasSize(1);

        // a package is never refunded: its unsubscription is refused
        String packageId = first.json().path("resourceId").asString();
        Api.Response refund = api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + packageId + "/unsubscribe",
                c.adminKey(), "{}", "refund-" + UUID.randomUUID());
        fx.expect(refund, 422);
        assertThat(refund.code()).isEqualTo("package-not-refundable");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("90.10");
        assertThat(packages(c).get(packageId).path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void anOrderTheBalanceCannotPayWaitsPendingWithNoPackageUntilPaid() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "10.00"), 201);
        String spec = fx.computeSpec("1.20");
        String offer = created(offer(code(), spec, "10", "TOTAL", 1, "30.00"));
        JsonNode order = bought(c, Map.of("offerCode", offer));
        // 30.00 > 10.00 cash and no credit: pending, nothing moved, no package
        assertThat(order.path("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("10.00");
        assertThat(packages(c)).isEmpty();
        long id = order.path("id").asLong();
        Api.Response notYet = pay(c, id);
        fx.expect(notYet, 422);
        assertThat(notYet.code()).isEqualTo("insufficient-balance");

        fx.expect(fx.topUp(c, "20.00"), 201);
        Api.Response paid = pay(c, id);
        fx.expect(paid, 201);
        assertThat(paid.json().path("status").asString()).isEqualTo("PAID");
        assertThat(paid.json().path("cashAmount").asString()).isEqualTo("30.00");
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("0.00"); // 10.00 + 20.00 - 30.00
        JsonNode pkg = packages(c).get(order.path("resourceId").asString());
        assertThat(pkg.path("status").asString()).isEqualTo("ACTIVE");
        // valid from the payment, not from the order
        assertThat(Instant.parse(pkg.path("startsAt").asString()))
                .isEqualTo(Instant.parse(paid.json().path("paidAt").asString()));
    }

    @Test
    void offersAreIdempotentByCodeListedOnSaleAndRefusedWhenWithdrawnUnknownOrNotForTheCustomer() {
        String spec = fx.computeSpec("1.20");
        Map<String, Object> body = offer(code(), spec, "10", "TOTAL", 1, "9.90");
        String offer = created(body);
        fx.expect(api.post("/api/v1/catalog/package-offers", OPERATOR_KEY, body), 200);
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("price", "8.90");
        Api.Response rewrite = api.post("/api/v1/catalog/package-offers", OPERATOR_KEY, changed);
        fx.expect(rewrite, 409);
        assertThat(rewrite.code()).isEqualTo("offer-code-reused");

        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        fx.expect(api.post("/api/v1/catalog/package-offers", c.adminKey(), body), 403);
        assertThat(onSale(c)).contains(offer);

        Map<String, Long> before = rowCounts();
        for (Map.Entry<Map<String, Object>, String> bad : Map.of(
                offer(code(), spec, "0", "TOTAL", 1, "9.90"), "invalid-quantity",
                offer(code(), spec, "10", "TOTAL", 1, "-1.00"), "invalid-price",
                offer(code(), spec, "10", "TOTAL", 1, "1.001"), "invalid-amount",
                offer(code(), spec, "10", "TOTAL", 37, "9.90"), "invalid-validity",
                offer(code(), "no.such.meter", "10", "TOTAL", 1, "9.90"), "unknown-meter").entrySet()) {
            Api.Response r = api.post("/api/v1/catalog/package-offers", OPERATOR_KEY, bad.getKey());
            assertThat(r.code()).as(r.body()).isEqualTo(bad.getValue());
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(rowCounts()).isEqualTo(before);

        Map<String, Object> usd = offer(code(), spec, "10", "TOTAL", 1, "9.90");
        usd.put("currency", "USD");
        String dollars = created(usd);
        Map<String, Object> regional = offer(code(), spec, "10", "TOTAL", 1, "9.90");
        regional.put("region", "it-region-2");
        String elsewhere = created(regional);
        before = rowCounts();
        assertRefused(c, Map.of("offerCode", "no-such-offer"), 404, "unknown-offer");
        assertRefused(c, Map.of("offerCode", dollars), 422, "offer-currency-mismatch");
        assertRefused(c, Map.of("offerCode", elsewhere, "region", Fixture.REGION), 422, "offer-not-for-region");
        assertRefused(c, Map.of("offerCode", offer, "startsAt", clock.instant().minusSeconds(60).toString()), 422,
                "package-starts-in-past");
        assertThat(rowCounts()).isEqualTo(before);

        Api.Response withdrawn = api.post("/api/v1/catalog/package-offers/" + offer + "/withdraw", OPERATOR_KEY, "{}",
                null);
        fx.expect(withdrawn, 200);
        assertThat(withdrawn.json().path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(onSale(c)).doesNotContain(offer);
        before = rowCounts();
        assertRefused(c, Map.of("offerCode", offer), 422, "offer-withdrawn");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("100.00");
        // the operator still lists it, as withdrawn
        Api.Response all = api.get("/api/v1/catalog/package-offers?status=WITHDRAWN&limit=200", OPERATOR_KEY);
        fx.expect(all, 200);
        List<String> codes = new ArrayList<>();
        all.json().path("items").forEach(o -> codes.add(o.path("code").asString()));
        assertThat(codes).contains(offer);
    }

    private Api.Response pay(Fixture.CustomerKeys c, long orderId) {
        return api.post("/api/v1/customers/" + c.id() + "/orders/" + orderId + "/pay", c.adminKey(), "{}", null);
    }

    @Autowired
    private CatalogService catalog;
    @Autowired
    private MeterService meters;
    @Autowired
    private PackageOfferService offers;
    private static boolean demoOffers;

    @Test
    void theDemoShopsOffersInstallOverTheDemoCatalogAndAreOnSale() {
        DemoItems.installOnce(catalog, meters);
        synchronized (PackageOffersIT.class) {
            if (!demoOffers) {
                DemoCatalog.installOffers(offers, Instant.parse("2029-01-01T00:00:00Z"));
                demoOffers = true;
            }
        }
        Fixture.CustomerKeys c = fx.customer();
        assertThat(onSale(c)).contains("demo-t4-100h-1m", "demo-obs-std-100gb-1y", "demo-deepseek-v3-input-10m-1m");
        JsonNode t4 = api.get("/api/v1/catalog/package-offers/demo-t4-100h-1m", c.financeKey()).json();
        assertThat(t4.path("quota").path("coverKind").asString()).isEqualTo("COMPUTE_SPEC");
        assertThat(t4.path("quota").path("quantity").asString()).isEqualTo("100.0000000000");
        assertThat(t4.path("sale").path("price").asString()).isEqualTo("540.00");
        JsonNode obs = api.get("/api/v1/catalog/package-offers/demo-obs-std-100gb-1y", c.financeKey()).json();
        assertThat(obs.path("quota").path("serviceType").asString()).isEqualTo("obs");
        assertThat(obs.path("sale").path("region").asString()).isEqualTo("cn-north-4");
    }

    private void assertRefused(Fixture.CustomerKeys c, Map<String, Object> body, int status, String code) {
        Api.Response r = buy(c, body, "k-" + UUID.randomUUID());
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.code()).isEqualTo(code);
    }

    private List<String> onSale(Fixture.CustomerKeys c) {
        List<String> codes = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response r = api.get("/api/v1/catalog/package-offers/on-sale?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), c.financeKey());
            fx.expect(r, 200);
            r.json().path("items").forEach(o -> codes.add(o.path("code").asString()));
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asString(null);
        } while (cursor != null);
        return codes;
    }
}
