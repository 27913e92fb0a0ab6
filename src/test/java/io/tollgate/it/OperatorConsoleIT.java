package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.console.Browser;
import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.Role;
import io.tollgate.notify.OutboxService;
import io.tollgate.notify.webhook.WebhookDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The operator's pages in a real browser, each action checked through the REST API: customers
 * (create, level, credit limit, discount), the catalog (a spec and its price versions, published
 * with their effective time), meters with tiers, coupons and campaigns, package offers, lifecycle
 * policies, webhooks (a dead delivery replayed), job health (a quarantined item retried) and the
 * clock. A customer's user is refused every operator page. Every page passes axe-core.
 */
class OperatorConsoleIT extends IntegrationTest {
    static final String PASSWORD = "operator-console-pass";
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    static final List<String> PAGES = List.of("", "/catalog", "/meters", "/promotions", "/package-offers", "/lifecycle",
            "/webhooks", "/jobs", "/clock");
    @Autowired
    ConsoleUserService users;
    @Autowired
    WebhookDispatcher dispatcher;
    @Autowired
    OutboxService outbox;
    @Autowired
    TransactionTemplate transactions;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private Browser operator() {
        String email = "operator-" + run + "-" + UUID.randomUUID().toString().substring(0, 4) + "@it.example";
        users.create(email, PASSWORD, Role.OPERATOR, null, null);
        Browser b = Browser.open(port);
        b.signIn(email, PASSWORD);
        assertThat(b.path()).isEqualTo("/console/operator");
        return b;
    }

    @Test
    void everyOperatorPagePassesAxeAndIsRefusedToACustomersUser() {
        Fixture.CustomerKeys c = fx.customer();
        String email = "admin-" + run + "@it.example";
        users.create(email, PASSWORD, Role.CUSTOMER_ADMIN, c.id(), null);
        try (Browser b = operator()) {
            for (String page : PAGES) {
                b.go("/console/operator" + page);
                assertThat(b.all(".alert.error")).as(page).isEmpty();
                b.accessible();
            }
            b.go("/console/operator/catalog").screenshot("operator-catalog");
        }
        try (Browser b = Browser.open(port)) {
            b.signIn(email, PASSWORD);
            for (String page : PAGES) {
                b.go("/console/operator" + page);
                assertThat(b.h1()).as(page).isEqualTo("Not allowed");
            }
            b.go("/console/operator/customers/" + c.id());
            assertThat(b.h1()).isEqualTo("Not allowed");
            assertThat(b.all("nav.side a").stream().map(e -> e.getText()).toList()).doesNotContain("Catalog", "Job health");
        }
    }

    @Test
    void aCustomerIsCreatedAndGivenALevelACreditLimitAndADiscount() {
        String id = "op-" + run;
        try (Browser b = operator()) {
            b.fill("id", id).fill("name", "Operator IT").fill("currency", "CNY").fill("level", "STANDARD")
                    .click("#create-customer button[type=submit]");
            assertThat(b.path()).isEqualTo("/console/operator/customers/" + id);
            assertThat(b.text(".alert.ok")).contains("Customer " + id + " created at level STANDARD");
            b.accessible().screenshot("operator-customer");
            b.fill("level", "VIP").click("#set-level button[type=submit]");
            assertThat(b.text("#level-now")).isEqualTo("VIP");
            b.fill("creditLimit", "500.00").click("#set-credit button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Credit limit set to 500.00 CNY");
            b.fill("percent", "15").fill("billingMode", "PAY_PER_USE").click("#add-discount button[type=submit]");
            assertThat(b.text("#discounts")).contains("15.00%").contains("PAY_PER_USE");
            // a refusal: the same id again is a conflict, shown with its code, nothing changed
            b.go("/console/operator");
            b.fill("id", id).fill("currency", "CNY").click("#create-customer button[type=submit]");
            assertThat(b.text(".alert.error")).contains("customer-exists");
        }
        JsonNode customer = api.get("/api/v1/customers/" + id, OPERATOR_KEY).json();
        assertThat(customer.path("level").asString()).isEqualTo("VIP");
        assertThat(customer.path("name").asString()).isEqualTo("Operator IT");
        // as set on the page: 500.00; the discount as given: 15%
        assertThat(api.get("/api/v1/customers/" + id + "/balance", OPERATOR_KEY).json().path("creditLimit").asString())
                .isEqualTo("500.00");
        JsonNode discounts = api.get("/api/v1/customers/" + id + "/discounts", OPERATOR_KEY).json();
        assertThat(discounts.size()).isEqualTo(1);
        assertThat(discounts.get(0).path("percent").asString()).isEqualTo("15.00");
        assertThat(discounts.get(0).path("billingMode").asString()).isEqualTo("PAY_PER_USE");
        assertThat(api.put("/api/v1/customers/" + id + "/level", OPERATOR_KEY, Map.of("level", "not a level!")).code())
                .isEqualTo("invalid-level");
    }

    @Test
    void aSpecsPriceVersionsArePublishedWithTheirEffectiveTimeAndAMeterGetsTiers() {
        String spec = "it.op." + run;
        fx.usageMeter("it.op-usage", "token", "1k tokens", "1000", "0.50", "0"); // defines the usage type
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), Fixture.ZONE);
        try (Browser b = operator()) {
            b.go("/console/operator/catalog");
            b.fill("code", spec).fill("serviceType", "it").fill("kind", "COMPUTE").fill("name", "operator flavor")
                    .fill("vcpus", "4").fill("memoryGib", "16").click("#add-spec button[type=submit]");
            assertThat(b.path()).isEqualTo("/console/operator/catalog/specs/" + spec);
            assertThat(b.text("main .empty")).contains("No prices yet");
            b.fill("region", Fixture.REGION).fill("unit", "HOUR").fill("unitPrice", "1.25")
                    .fill("effectiveFrom", LOCAL.format(now)).click("#publish-price button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Version 1 published: 1.25 CNY");
            // the next version from tomorrow 00:00 in the billing zone
            LocalDateTime tomorrow = now.toLocalDate().plusDays(1).atStartOfDay();
            b.fill("region", Fixture.REGION).fill("unit", "HOUR").fill("unitPrice", "1.10")
                    .fill("effectiveFrom", LOCAL.format(tomorrow)).click("#publish-price button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Version 2 published: 1.10 CNY");
            assertThat(b.all("#prices tbody tr")).hasSize(2);
            b.accessible();
            JsonNode prices = api.get("/api/v1/catalog/specs/" + spec + "/prices", OPERATOR_KEY).json();
            assertThat(prices.size()).isEqualTo(2);
            Map<Integer, JsonNode> byVersion = new java.util.HashMap<>();
            prices.forEach(p -> byVersion.put(p.path("version").asInt(), p));
            // the second version as published on the page: 1.10 an hour
            assertThat(new java.math.BigDecimal(byVersion.get(2).path("unitPrice").asString())).isEqualByComparingTo("1.10");
            assertThat(java.time.OffsetDateTime.parse(byVersion.get(2).path("effectiveFrom").asString()).toInstant())
                    .isEqualTo(tomorrow.atZone(Fixture.ZONE).toInstant());
            // a refusal: a negative price, with its code; no third version
            b.fill("region", Fixture.REGION).fill("unitPrice", "-1").click("#publish-price button[type=submit]");
            assertThat(b.text(".alert.error")).contains("(");
            assertThat(api.get("/api/v1/catalog/specs/" + spec + "/prices", OPERATOR_KEY).json().size()).isEqualTo(2);

            String meter = "it.op.tokens." + run;
            b.go("/console/operator/meters");
            b.fill("code", meter).fill("resourceType", "it.op-usage").fill("name", "tokens").fill("measure", "COUNT")
                    .fill("quantityUnit", "token").fill("priceUnit", "1k tokens").fill("unitSize", "1000")
                    .click("#define-meter button[type=submit]");
            assertThat(b.path()).isEqualTo("/console/operator/meters/" + meter);
            b.fill("region", Fixture.REGION).fill("model", "GRADUATED").fill("tiers", "1000 0.50\n* 0.40")
                    .fill("effectiveFrom", LOCAL.format(now)).click("#publish-meter-price button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Version 1 of " + meter + " published with 2 tier(s)");
            assertThat(b.text("#meter-prices")).contains("to 1000: 0.50 CNY").contains("above: 0.40 CNY");
            b.accessible();
            JsonNode tiers = api.get("/api/v1/catalog/meters/" + meter + "/prices", OPERATOR_KEY).json().get(0)
                    .path("tiers");
            assertThat(tiers.size()).isEqualTo(2);
            // the tiers as typed: up to 1000 at 0.50, above at 0.40 (stored at ten decimals)
            assertThat(tiers.get(0).path("upTo").asString()).isEqualTo("1000.0000000000");
            assertThat(tiers.get(0).path("unitPrice").asString()).isEqualTo("0.5000000000");
            assertThat(tiers.get(1).path("upTo").isNull() || tiers.get(1).path("upTo").isMissingNode()).isTrue();
            assertThat(tiers.get(1).path("unitPrice").asString()).isEqualTo("0.4000000000");
        }
    }

    @Test
    void aCampaignIsIssuedAndACouponRevokedAndAnOfferWithdrawnAndAPolicySet() {
        Fixture.CustomerKeys one = fx.customer();
        Fixture.CustomerKeys two = fx.customer();
        String level = "gold-" + run;
        try (Browser b = operator()) {
            b.go("/console/operator/promotions");
            b.fill("customerIds", one.id() + ", " + two.id()).fill("kind", "CASH").fill("faceValue", "50.00")
                    .click("#issue button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Issued 2 coupon(s) in campaign");
            assertThat(b.all("#coupons tbody tr")).hasSize(2);
            assertThat(b.text("#coupons")).contains(one.id()).contains(two.id()).contains("50.00 CNY");
            b.accessible();
            String couponId = b.find("#coupons tbody tr:first-child td").getText();
            b.click("#coupon-" + couponId + " button").accept();
            assertThat(b.text("#coupon-" + couponId + " .status")).isEqualTo("REVOKED");
            assertThat(api.get("/api/v1/coupons/" + couponId, OPERATOR_KEY).json().path("status").asString())
                    .isEqualTo("REVOKED");

            String meter = fx.usageMeter("it.op-usage", "token", "1k tokens", "1000", "0.50", "0");
            String offer = "offer-" + run;
            b.go("/console/operator/package-offers");
            b.fill("code", offer).fill("name", "a million tokens").fill("covers", meter).fill("quantity", "1000")
                    .fill("price", "300.00").click("#create-offer button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("Offer " + offer + " is on sale");
            assertThat(b.text("#offer-" + offer + " .status")).isEqualTo("ON_SALE");
            b.accessible();
            b.click("#offer-" + offer + " button").accept();
            assertThat(b.text("#offer-" + offer + " .status")).isEqualTo("WITHDRAWN");
            assertThat(api.get("/api/v1/catalog/package-offers/" + offer, OPERATOR_KEY).json().path("status")
                    .asString()).isEqualTo("WITHDRAWN");

            b.go("/console/operator/lifecycle");
            assertThat(b.text("#policies")).contains("(default) 15 15");
            b.fill("level", level).fill("graceDays", "30").fill("retentionDays", "10")
                    .click("#set-policy button[type=submit]");
            assertThat(b.text("#policy-" + level + " .grace")).isEqualTo("30");
            assertThat(b.text("#policy-" + level + " .retention")).isEqualTo("10");
        }
        JsonNode campaign = api.get("/api/v1/coupons/" + api.get("/api/v1/customers/" + two.id() + "/coupons",
                two.adminKey()).json().get(0).path("id").asString(), OPERATOR_KEY).json();
        // the coupon as issued on the page: 50.00
        assertThat(campaign.path("faceValue").asString()).isEqualTo("50.00");
        boolean found = false;
        for (JsonNode p : api.get("/api/v1/lifecycle/policies", OPERATOR_KEY).json()) {
            if (p.path("level").asString().equals(level)) {
                found = p.path("graceDays").asInt() == 30 && p.path("retentionDays").asInt() == 10;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void aDeadWebhookDeliveryIsReplayedFromThePage() throws Exception {
        try (WebhookReceiver r = new WebhookReceiver(); Browser b = operator()) {
            r.answer = (id, before) -> 503;
            b.go("/console/operator/webhooks");
            b.fill("url", r.url()).fill("description", "it " + run).fill("eventTypes", "test.")
                    .click("#register-endpoint button[type=submit]");
            assertThat(b.text("#new-secret")).startsWith("whsec_");
            long endpoint = api.get("/api/v1/platform/webhooks/endpoints", OPERATOR_KEY).json().valueStream()
                    .filter(e -> ("it " + run).equals(e.path("description").asString()))
                    .findFirst().orElseThrow().path("id").asLong();
            try {
                String event = "it-" + run;
                transactions.executeWithoutResult(s -> outbox.append(event, "test.ping", "cust-" + run, "s-" + run,
                        Map.of(), clock.instant()));
                dispatcher.fanOut();
                for (int i = 0; i < 60 && !state(endpoint).equals("DEAD"); i++) {
                    dispatcher.passAndWait();
                    clock.advanceBy(Duration.ofHours(1));
                }
                assertThat(state(endpoint)).isEqualTo("DEAD");
                b.go("/console/operator/webhooks?endpointId=" + endpoint + "&state=DEAD");
                assertThat(b.all("#deliveries tbody tr")).hasSize(1);
                assertThat(b.text("#deliveries")).contains("test.ping").contains("HTTP 503");
                b.accessible().screenshot("operator-webhooks");
                r.answer = (id, before) -> 204;
                b.click("#deliveries button.replay");
                assertThat(b.text(".alert.ok")).contains("test.ping");
                dispatcher.passAndWait();
                assertThat(state(endpoint)).isEqualTo("DELIVERED");
            } finally {
                b.go("/console/operator/webhooks");
                b.click("#endpoint-" + endpoint + " button.toggle");
                assertThat(b.text("#endpoint-" + endpoint + " .state")).isEqualTo("disabled");
            }
        }
    }

    private String state(long endpoint) {
        return api.get("/api/v1/platform/webhooks/deliveries?endpointId=" + endpoint, OPERATOR_KEY).json()
                .path("items").get(0).path("state").asString();
    }

    @Test
    void aQuarantinedItemIsShownAndRetriedAndTheClockAdvances() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String bad = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        // its segment names a spec without a price: rating it fails, the item is held back
        jdbc.update("update resource_segment set spec_code = 'it.no-such-spec' where resource_id = ?", bad);
        fx.advanceTo(at(day, "09:10"));
        try (Browser b = operator()) {
            b.go("/console/operator/jobs");
            assertThat(b.text("#held")).contains(bad).contains("no PAY_PER_USE price");
            assertThat(Integer.parseInt(b.text("#job-settlement .held"))).isGreaterThanOrEqualTo(1);
            b.accessible().screenshot("operator-jobs");
            jdbc.update("update resource_segment set spec_code = ? where resource_id = ?", spec, bad);
            b.click("#held tbody tr:first-child button");
            assertThat(b.text(".alert.ok")).contains("retried at the job's next run");

            b.go("/console/operator/clock");
            Instant before = clock.instant();
            b.fill("by", "PT1H").click("#advance button[type=submit]");
            assertThat(b.text(".alert.ok")).contains("resource-hours settled");
            assertThat(clock.instant()).isEqualTo(before.plus(Duration.ofHours(1)));
            b.accessible();
        }
        // repaired and retried at the next run: hours 08 and 09 settled, 1.00 each
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class,
                bad)).isEqualTo(2L);
        assertThat(jdbc.queryForObject("select count(*) from clock_quarantine where item = ?", Long.class, bad)).isZero();
        fx.expect(fx.event("DELETED", bad, c, clock.instant(), Map.of()), 201);
    }
}
