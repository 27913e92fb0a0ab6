package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV exports of a month: headers, one row per source row, amounts with 8 decimals, refusals as problems. */
class ExportsIT extends IntegrationTest {

    /** RFC 4180 rows (no quoted newlines in these files). */
    private static List<String[]> rows(String csv) {
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void theMonthsTransactionsDetailAndSummaryExportsHoldItsEntriesLinesAndTotals() {
        Fixture.CustomerKeys c = fx.customer();
        String spec = fx.computeSpec("3.50");
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "10:00"));
        fx.expect(fx.topUp(c, "100.00"), 201);
        fx.create(c, "it.notebook", spec, 1, Fixture.at(day, "10:00"));
        fx.settleThrough(Fixture.at(day, "12:00"));
        String month = day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7);

        Api.Response r = api.get("/api/v1/customers/" + c.id() + "/exports/transactions.csv?month=" + month,
                c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        assertThat(r.header("Content-Disposition")).contains(c.id() + "-" + month + "-transactions.csv");
        List<String[]> rows = rows(r.body());
        assertThat(rows.get(0)).containsExactly("TransactionId", "Type", "BusinessTime", "RecordedAt", "Reference",
                "Amount", "Cash", "Credit", "Coupons", "Arrears", "Currency");
        // the top-up of 100.00, then two hours of 1 node at 3.50 (10:00-11:00 and 11:00-12:00), paid from cash
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1)[1]).isEqualTo("TOPUP");
        assertThat(rows.get(1)[5]).isEqualTo("100.00000000");
        assertThat(rows.get(1)[6]).isEqualTo("100.00000000");
        for (String[] usage : rows.subList(2, 4)) {
            assertThat(usage[1]).isEqualTo("USAGE");
            // 1 node x 1 h x 3.50 = 3.50, all of it from cash (100.00 was topped up): cash part -3.50
            assertThat(usage[5]).isEqualTo("3.50000000");
            assertThat(usage[6]).isEqualTo("-3.50000000");
            assertThat(usage[10]).isEqualTo("CNY");
            assertThat(usage[2]).endsWith("+08:00");
        }

        Api.Response detail = api.get("/api/v1/customers/" + c.id() + "/exports/detail.csv?month=" + month,
                c.financeKey());
        assertThat(detail.status()).as(detail.body()).isEqualTo(200);
        List<String[]> lines = rows(detail.body());
        List<String> header = List.of(lines.get(0));
        // two settled hours of the notebook: 1 node x 1 h x 3.50 of compute each, and its 5 GB system disk,
        // 5 GB x 1 h x 0.000064 = 0.00032 a line, charged 0.00 by the month's carry (the running sum 7.00064 rounds to 7.00)
        assertThat(lines).as(detail.body()).hasSize(5);
        List<String[]> compute = lines.subList(1, 5).stream().filter(l -> l[header.indexOf("Meter")].equals("COMPUTE"))
                .toList();
        assertThat(compute).hasSize(2);
        for (String[] line : compute) {
            assertThat(line[header.indexOf("Status")]).isEqualTo("SETTLED");
            assertThat(line[header.indexOf("RecordType")]).isEqualTo("USAGE");
            // 1 node x 1 h x 3.50 = 3.50 listed and charged (no discount), paid in cash, no coupon
            assertThat(line[header.indexOf("ListAmount")]).isEqualTo("3.50000000");
            assertThat(line[header.indexOf("ChargedAmount")]).isEqualTo("3.50000000");
            assertThat(line[header.indexOf("CashAmount")]).isEqualTo("3.50000000");
            assertThat(line[header.indexOf("CouponAmount")]).isEqualTo("0.00000000");
            assertThat(line[header.indexOf("PeriodStart")]).endsWith("+08:00");
        }
        assertThat(lines.subList(1, 5)).filteredOn(l -> l[header.indexOf("Meter")].equals("DISK"))
                .allMatch(l -> l[header.indexOf("Amount")].equals("0.00032000")
                        && l[header.indexOf("TruncatedAmount")].equals("0.00032000"));

        Api.Response summary = api.get("/api/v1/customers/" + c.id() + "/exports/summary.csv?month=" + month,
                c.financeKey());
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        List<String[]> sums = rows(summary.body());
        List<String> columns = List.of(sums.get(0));
        String[] total = sums.get(1);
        assertThat(total[columns.indexOf("Dimension")]).isEqualTo("total");
        // 4 lines: list 2 x 3.50 + 2 x 0.00032 = 7.00064, truncated 0.00064, due 7.00, all paid in cash
        assertThat(total[columns.indexOf("Lines")]).isEqualTo("4");
        assertThat(total[columns.indexOf("ListAmount")]).isEqualTo("7.00064000");
        assertThat(total[columns.indexOf("TruncatedAmount")]).isEqualTo("0.00064000");
        assertThat(total[columns.indexOf("AmountDue")]).isEqualTo("7.00000000");
        assertThat(total[columns.indexOf("Cash")]).isEqualTo("7.00000000");
        assertThat(sums).anyMatch(row -> row[columns.indexOf("Dimension")].equals("billingMode")
                && row[columns.indexOf("Value")].equals("PAY_PER_USE") && row[columns.indexOf("AmountDue")].equals("7.00000000"));
    }

    @Test
    void refusalsComeAsProblemsBeforeAnyByteOfTheFile() {
        Fixture.CustomerKeys c = fx.customer();
        Api.Response bad = api.get("/api/v1/customers/" + c.id() + "/exports/transactions.csv?month=2026-13",
                c.financeKey());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("invalid-month");
        Api.Response foreign = api.get("/api/v1/customers/" + c.id() + "/exports/transactions.csv",
                fx.customer().financeKey());
        assertThat(foreign.status()).isEqualTo(403);
    }
}
