package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.console.Browser;
import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.Role;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The customer's billing centre in a real browser, each action checked against the REST API:
 * top up and watch the arrears banner go; renew a subscription; unsubscribe with the refund
 * shown before confirming; download a statement; every page passes axe-core.
 */
class BillingConsoleIT extends IntegrationTest {
    static final String PASSWORD = "billing-console-pass";
    @Autowired
    ConsoleUserService users;

    private String admin(Fixture.CustomerKeys c) {
        String email = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@it.example";
        users.create(email, PASSWORD, Role.CUSTOMER_ADMIN, c.id(), "IT admin");
        return email;
    }

    @Test
    void aTopUpPaysTheArrearsAndTheBannerGoes() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("2.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "11:00"));
        fx.expect(fx.event("DELETED", r, c, at(day, "11:00"), Map.of()), 201);
        fx.settleThrough(at(day, "11:00"));
        // three hours at 2.00 with no money: arrears -6.00
        assertThat(new BigDecimal(fx.balance(c).path("arrears").asString())).isEqualByComparingTo("-6.00");
        try (Browser b = Browser.open(port)) {
            b.signIn(admin(c), PASSWORD);
            assertThat(b.text("#arrears-banner")).contains("6.00 CNY");
            b.accessible().screenshot("overview-arrears");
            b.click("#arrears-banner a");
            assertThat(b.h1()).isEqualTo("Funds");
            b.accessible();
            b.fill("amount", "10.00").click("form.stack button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Topped up 10.00 CNY").contains("6.00 paid arrears");
            // 10.00 - 6.00 of arrears = 4.00 cash
            assertThat(b.text("#cash")).isEqualTo("4.00 CNY");
            assertThat(b.all("#arrears-banner")).isEmpty();
            b.go("/console/customers/" + c.id() + "/overview");
            assertThat(b.all("#arrears-banner")).isEmpty();
            assertThat(b.text("#cash")).isEqualTo("4.00 CNY");
            b.go("/console/customers/" + c.id() + "/bills/transactions?month="
                    + day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7));
            assertThat(b.text("main table")).contains("TOPUP");
            b.accessible();
            b.go("/console/customers/" + c.id() + "/bills/details?month="
                    + day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7));
            assertThat(b.all("main table tbody tr")).hasSize(3);
            b.accessible();
        }
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("4.00");
        assertThat(new BigDecimal(fx.balance(c).path("arrears").asString())).isEqualByComparingTo("0");
    }

    @Test
    void renewThenUnsubscribeWithTheRefundShownFirst() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1000.00"), 201);
        PrepaidFixture pf = new PrepaidFixture(api, fx);
        String spec = pf.computeSpec("1.00", "300.00", null);
        String type = "it.pool." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(pf.resourceType(type, true), 201);
        Map<String, Object> body = new LinkedHashMap<>(Map.of("resourceType", type, "specCode", spec, "region",
                Fixture.REGION, "nodes", 1, "term", Map.of("unit", "MONTH", "count", 1)));
        Api.Response bought = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body), "buy-1");
        fx.expect(bought, 201);
        String rid = bought.json().path("resourceId").asString();
        String expiry = api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + rid, c.adminKey()).json()
                .path("expiresAt").asString();
        try (Browser b = Browser.open(port)) {
            b.signIn(admin(c), PASSWORD);
            b.go("/console/customers/" + c.id() + "/renewals");
            b.accessible().screenshot("renewals");
            b.click("#sub-" + rid + " button.renew");
            assertThat(b.text(".alert.ok")).contains("Renewed " + rid);
            // one more month at the monthly price: 1,000.00 - 300.00 - 300.00 = 400.00
            assertThat(fx.balance(c).path("cash").asString()).isEqualTo("400.00");
            String renewed = api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + rid, c.adminKey()).json()
                    .path("expiresAt").asString();
            assertThat(java.time.OffsetDateTime.parse(renewed)).isAfter(java.time.OffsetDateTime.parse(expiry));
            b.click("#sub-" + rid + " button.toggle");
            assertThat(b.text("#sub-" + rid + " .auto")).isEqualTo("on");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + rid, c.adminKey()).json()
                    .path("autoRenew").asBoolean()).isTrue();

            b.click("#sub-" + rid + " a.unsubscribe");
            assertThat(b.h1()).isEqualTo("Unsubscribe");
            b.accessible();
            // within five days of the purchase: both paid months back, 300.00 + 300.00
            assertThat(b.text("#refund")).isEqualTo("600.00 CNY");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + rid + "/unsubscribe-preview",
                    c.financeKey()).json().path("refund").asString()).isEqualTo("600.00");
            assertThat(fx.balance(c).path("cash").asString()).as("the preview changes nothing").isEqualTo("400.00");
            b.click("#confirm-unsubscribe");
            assertThat(b.text(".alert.ok")).contains("refunded 600.00 CNY");
        }
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("1000.00");
        assertThat(api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + rid, c.adminKey()).json()
                .path("status").asString()).isEqualTo("UNSUBSCRIBED");
    }

    @Test
    void aFinalisedStatementDownloadsAsThePdfAndCsvOfTheApi() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("0.35");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "09:00"));
        fx.expect(fx.event("DELETED", r, c, at(day, "09:00"), Map.of()), 201);
        fx.settleThrough(at(day, "09:00"));
        java.time.YearMonth month = java.time.YearMonth.from(day.atZone(Fixture.ZONE));
        // the statement is finalised on the 3rd of the next month
        Instant statementDay = month.plusMonths(1).atDay(3).atStartOfDay(Fixture.ZONE).toInstant();
        fx.advanceTo(statementDay.plus(Duration.ofMinutes(10)));
        fx.expect(api.get("/api/v1/customers/" + c.id() + "/statements/" + month, c.financeKey()), 200);
        String finance = "finance-" + UUID.randomUUID().toString().substring(0, 8) + "@it.example";
        users.create(finance, PASSWORD, Role.CUSTOMER_FINANCE, c.id(), null);
        try (Browser b = Browser.open(port)) {
            b.signIn(finance, PASSWORD);
            b.go("/console/customers/" + c.id() + "/bills/statements");
            b.accessible().screenshot("statements");
            assertThat(b.text("main table")).contains("ST-" + c.id() + "-" + month).contains("0.35 CNY");
            String href = b.find("a.pdf").getAttribute("href");
            assertThat(URI.create(href).getPath()).isEqualTo("/console/customers/" + c.id() + "/bills/statements/"
                    + month + ".pdf");
            // the download, with the browser's own session cookie
            Cookie session = b.driver.manage().getCookieNamed("JSESSIONID");
            HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                    .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("content-type").orElseThrow()).startsWith("application/pdf");
            assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(b.find("a.csv").getAttribute("href"))).header("Cookie", "JSESSIONID=" + session.getValue())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(csv.body()).isEqualTo(api.get("/api/v1/customers/" + c.id() + "/statements/" + month + "/csv",
                    c.financeKey()).body());
            b.go("/console/customers/" + c.id() + "/bills/summary?month=" + month);
            assertThat(b.text("#due")).isEqualTo("0.35 CNY");
            b.accessible();
            b.go("/console/customers/" + c.id() + "/funds");
            assertThat(b.text("main")).contains("Only your account's admin can top up");
            assertThat(b.all("#amount")).as("finance may not top up").isEmpty();
        }
    }

    @Test
    void everyPageOpensAndPassesAxeAndKeysAndContactsAreManagedThere() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "50.00"), 201);
        String spec = fx.computeSpec("1.00");
        fx.create(c, "it.compute", spec, 1, clock.instant().minusSeconds(60));
        String meter = fx.usageMeter("it.console-usage", "hour", "hour", "1", "1.00", "0");
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/packages", OPERATOR_KEY, Map.of("packageId",
                "pkg-" + UUID.randomUUID(), "meter", meter, "quota", "100", "period", "TOTAL", "expiresAt",
                clock.instant().plus(Duration.ofDays(60)).toString())), 201);
        try (Browser b = Browser.open(port)) {
            b.signIn(admin(c), PASSWORD);
            String base = "/console/customers/" + c.id();
            for (String page : java.util.List.of("/overview", "/bills/summary", "/bills/transactions", "/bills/details",
                    "/bills/statements", "/orders", "/renewals", "/resources", "/funds", "/coupons", "/packages",
                    "/notifications", "/api-keys")) {
                b.go(base + page);
                assertThat(b.all("h1")).as(page).hasSize(1);
                assertThat(b.all(".alert.error")).as(page).isEmpty();
                b.accessible();
            }
            b.width(390).go(base + "/overview").accessible().width(1280);
            b.go(base + "/packages");
            // nothing used of 100: 0%
            assertThat(b.find("main meter").getAttribute("value")).isEqualTo("0");
            assertThat(b.text("main table")).contains(meter);
            b.go(base + "/resources");
            assertThat(b.text("main table")).contains("ACTIVE");

            b.go(base + "/api-keys").fill("role", "CUSTOMER_FINANCE").fill("label", "export script")
                    .click("form.stack button[type=submit]");
            String key = b.text("#new-key");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/balance", key).status()).isEqualTo(200);
            long id = api.get("/api/v1/customers/" + c.id() + "/api-keys", c.adminKey()).json().get(0).path("id").asLong();
            b.go(base + "/api-keys");
            assertThat(b.all("#new-key")).as("shown once").isEmpty();
            b.click("#key-" + id + " button.revoke").accept();
            assertThat(b.text("#key-" + id + " .key-state")).startsWith("revoked");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/balance", key).status()).isEqualTo(401);

            b.go(base + "/notifications").fill("address", "finops@it.example").click("form.stack button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("finops@it.example");
            assertThat(api.get("/api/v1/customers/" + c.id() + "/notification-contacts", c.adminKey()).body())
                    .contains("finops@it.example");
        }
    }
}
