package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cost analysis for a customer with 10,000,080 fee lines (1,389 resources x 7,200 hours, 300
 * days), seeded by SQL through settlement's insert trigger (so the per-hour totals are what
 * settlement would keep): three resource types, ten enterprise projects and twenty teams (tag
 * {@code team}), 60 groups an hour. Three questions, 55 times each over HTTP, the first 5 left
 * out: a month by service and day, a quarter by project and month, one team's month by day.
 * A measurement, not part of the normal suite: run with -Dtollgate.scale=true (BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "tollgate.scale", matches = "true")
class CostAnalysisScaleIT extends IntegrationTest {
    private static final int RESOURCES = 1389;
    private static final int HOURS = 7200;
    @org.springframework.beans.factory.annotation.Autowired
    io.tollgate.settlement.SettlementService settlement;

    /** The seeded lines have no ledger postings on purpose; the auditor would rightly flag them. */
    @Override
    void auditLedger() {
    }

    @Test
    void analysisQueriesOfTenMillionLinesAnswerFromTheAggregate() {
        Fixture.CustomerKeys c = fx.customer();
        LocalDate first = LocalDate.parse("2032-01-01");
        Instant start = first.atStartOfDay(Fixture.ZONE).toInstant();
        long seeding = System.nanoTime();
        // ten statements of 1,000,008 lines (720 hours each), as settlement writes them in batches
        for (int part = 0; part < 10; part++) {
            jdbc.update("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, spec_code, "
                    + "region, billing_mode, hour_start, line_no, period_start, period_end, usage_seconds, quantity, "
                    + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, "
                    + "discount_amount, amount, charged_amount, truncated_amount, cash_amount, credit_amount, "
                    + "coupon_amount, arrears_amount, enterprise_project, tags, settled_at, kind) "
                    + "select ?, 'scale-' || (i % ?), (array['it.compute', 'it.train', 'it.infer'])[i % ? % 3 + 1], "
                    + "'COMPUTE', 'it.cpu', 'it-region-1', 'PAY_PER_USE', ?::timestamptz + (i / ?) * interval '1 hour', "
                    + "1, ?::timestamptz + (i / ?) * interval '1 hour', ?::timestamptz + (i / ? + 1) * interval '1 hour', "
                    + "3600, 1, 1, 'HOUR', 0.66, 0, 1, 'CNY', 0.66, 0, 0.66, 0.66, 0, 0.66, 0, 0, 0, "
                    + "'p' || (i % ? % 10), jsonb_build_object('team', 't' || (i % ? % 20)), now(), 'USAGE' "
                    + "from generate_series(?, ?) i", c.id(), RESOURCES, RESOURCES, Timestamp.from(start), RESOURCES,
                    Timestamp.from(start), RESOURCES, Timestamp.from(start), RESOURCES, RESOURCES, RESOURCES,
                    (long) part * RESOURCES * 720, (long) (part + 1) * RESOURCES * 720 - 1);
        }
        // the days are over long before the questions are asked: the job has rolled them up by then
        settlement.rollUpDays(Instant.parse("2032-11-01T00:00:00Z"));
        jdbc.execute("analyze settlement_hour_total");
        jdbc.execute("analyze settlement_day_total");
        long seededMs = (System.nanoTime() - seeding) / 1_000_000;
        long totals = jdbc.queryForObject("select count(*) from settlement_hour_total where customer_id = ?", Long.class,
                c.id());
        String base = "/api/v1/customers/" + c.id() + "/costs/analysis?view=ORIGINAL&";
        // a month by service and day: March, 31 days x 1,389 lines x 24 hours x 0.66
        String month = measure(base + "from=2032-03-01&to=2032-04-01&groupBy=serviceType", c,
                new BigDecimal("0.66").multiply(BigDecimal.valueOf(31L * 24 * RESOURCES)));
        // a quarter by project and month: April to June, 91 days
        String quarter = measure(base + "from=2032-04-01&to=2032-07-01&granularity=MONTHLY&groupBy=enterpriseProject", c,
                new BigDecimal("0.66").multiply(BigDecimal.valueOf(91L * 24 * RESOURCES)));
        // one team's month by day: the resources with i % 20 = 3 are 70 of 1,389 (3, 23, ..., 1383)
        String team = measure(base + "from=2032-05-01&to=2032-06-01&filter=tag:team=t3", c,
                new BigDecimal("0.66").multiply(BigDecimal.valueOf(31L * 24 * 70)));
        System.out.printf("cost analysis of 10,000,080 lines (%d per-hour totals): seeded in %d ms; month by service "
                + "and day %s; quarter by project and month %s; one team's month by day %s%n", totals, seededMs, month,
                quarter, team);
    }

    /** 55 requests, the first 5 left out: "median x ms, p99 y ms"; every answer's total checked. */
    private String measure(String path, Fixture.CustomerKeys c, BigDecimal total) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            long t = System.nanoTime();
            Api.Response r = api.get(path, c.financeKey());
            long us = (System.nanoTime() - t) / 1000;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(new BigDecimal(r.json().path("total").asString())).isEqualByComparingTo(total);
            if (i >= 5) {
                micros.add(us);
            }
        }
        micros.sort(Long::compare);
        return String.format("median %.1f ms, p99 %.1f ms", micros.get(micros.size() / 2) / 1000.0,
                micros.get((int) (micros.size() * 0.99) - 1) / 1000.0);
    }
}
