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
    void transactionsExportHoldsEveryEntryOfTheMonthWithItsParts() {
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
            assertThat(usage[5]).isEqualTo("3.50000000");
            assertThat(usage[6]).isEqualTo("-3.50000000");
            assertThat(usage[10]).isEqualTo("CNY");
            assertThat(usage[2]).endsWith("+08:00");
        }
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
