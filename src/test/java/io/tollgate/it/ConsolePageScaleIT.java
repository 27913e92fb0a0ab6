package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Console pages of a customer with 1,000,080 fee lines in a month (1,389 resources x 720 hours,
 * seeded by SQL through the settlement insert trigger as in MonthSummaryScaleIT), each rendered
 * server-side 50 times over HTTP with a signed-in session: the detailed bill's first page, a
 * later page (by its cursor), the bill filtered to one resource, the month summary, and cost
 * analysis of the month by service type (from the day totals) and by resource (from the lines). A measurement, not part of the normal suite: run with
 * -Dtollgate.scale=true. The target is under 300 ms a page.
 */
@EnabledIfSystemProperty(named = "tollgate.scale", matches = "true")
class ConsolePageScaleIT extends IntegrationTest {
    @Autowired
    ConsoleUserService users;
    @Autowired
    io.tollgate.settlement.SettlementService settlement;

    /** The seeded lines have no ledger postings on purpose, so the auditor does not run. */
    @Override
    void auditLedger() {
    }

    @Test
    void pagesOfAMillionLineCustomerRenderInUnder300Ms() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        Instant start = LocalDate.parse("2031-03-01").atStartOfDay(Fixture.ZONE).toInstant();
        jdbc.update("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, spec_code, "
                + "region, billing_mode, hour_start, line_no, period_start, period_end, usage_seconds, quantity, "
                + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, discount_amount, "
                + "amount, charged_amount, truncated_amount, cash_amount, credit_amount, coupon_amount, arrears_amount, "
                + "enterprise_project, tags, settled_at, kind) "
                + "select ?, 'scale-' || (i % 1389), 'it.compute', 'COMPUTE', 'it.cpu', 'it-region-1', 'PAY_PER_USE', "
                + "?::timestamptz + (i / 1389) * interval '1 hour', 1, ?::timestamptz + (i / 1389) * interval '1 hour', "
                + "?::timestamptz + (i / 1389 + 1) * interval '1 hour', 3600, 1, 1, 'HOUR', 0.66, 0, 1, 'CNY', 0.66, 0, "
                + "0.66, 0.66, 0, 0.66, 0, 0, 0, 'default', '{}', now(), 'USAGE' from generate_series(0, 1000079) i",
                c.id(), Timestamp.from(start), Timestamp.from(start), Timestamp.from(start));
        // the month is long over when it is analysed: the job has rolled its days up by then
        settlement.rollUpDays(Instant.parse("2031-05-01T00:00:00Z"));
        jdbc.execute("analyze settlement_fee_record");
        jdbc.execute("analyze settlement_hour_total");
        jdbc.execute("analyze settlement_day_total");
        String email = "scale-" + UUID.randomUUID().toString().substring(0, 8) + "@it.example";
        users.create(email, "scale-console-pass", Role.CUSTOMER_FINANCE, c.id(), null);
        HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String base = "http://localhost:" + port;
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + email + "&password=scale-console-pass&_csrf="
                        + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        String pages = base + "/console/customers/" + c.id();
        String first = get(http, pages + "/bills/details?month=2031-03");
        Matcher next = Pattern.compile("href=\"([^\"]*cursor=[^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = next.group(1).replace("&amp;", "&");
        List<String> report = new ArrayList<>();
        report.add(measure(http, "detailed bill, first page", pages + "/bills/details?month=2031-03", "0.66 CNY"));
        String secondUrl = URI.create(pages + "/bills/details?month=2031-03").resolve(second).toString();
        report.add(measure(http, "detailed bill, second page", secondUrl, "0.66 CNY"));
        report.add(measure(http, "detailed bill, one resource", pages + "/bills/details?month=2031-03&resourceId=scale-7",
                "scale-7"));
        // 1,000,080 lines x 0.66 = 660,052.80
        report.add(measure(http, "month summary", pages + "/bills/summary?month=2031-03", "660,052.80 CNY"));
        String analysis = pages + "/cost/analysis?preset=&from=2031-03-01&to=2031-04-01&view=ORIGINAL";
        report.add(measure(http, "cost analysis by service", analysis + "&groupBy=serviceType", "660,052.80 CNY"));
        // by resource: 1,389 groups, the biggest eight drawn and the rest as Other. The aggregates hold no
        // resource, so this one reads the month's million fee lines (docs/cost.md): measured, and held to 2 s
        report.add(measure(http, "cost analysis by resource", analysis + "&groupBy=resource", "660,052.80 CNY",
                2_000_000));
        report.forEach(System.out::println);
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static String measure(HttpClient http, String name, String url, String expected) throws Exception {
        return measure(http, name, url, expected, 300_000);
    }

    private static String measure(HttpClient http, String name, String url, String expected, long limitMicros)
            throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            long t = System.nanoTime();
            String body = get(http, url);
            long us = (System.nanoTime() - t) / 1000;
            assertThat(body).as(name).contains(expected);
            if (i >= 5) {
                micros.add(us);
            }
        }
        micros.sort(Long::compare);
        long median = micros.get(micros.size() / 2);
        assertThat(median).as(name + " median").isLessThan(limitMicros);
        return String.format("console page %-28s median %6.1f ms, p99 %6.1f ms, max %6.1f ms", name + ":",
                median / 1000.0, micros.get((int) (micros.size() * 0.99) - 1) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0);
    }
}
