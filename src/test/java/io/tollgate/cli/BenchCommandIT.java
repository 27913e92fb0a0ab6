package io.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bench at a tiny size: its checks pass on a real run, they fail when a fee record goes
 * missing or is doubled, and its bulk seeding leaves the database exactly as seeding through
 * ResourceService does.
 */
class BenchCommandIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> TINY = List.of("--resources", "200", "--customers", "20", "--hours", "2");
    /** Tables whose rows differ by design between the two seedings: the event log (bulk seeding skips it). */
    private static final List<String> NOT_COMPARED = List.of("flyway_schema_history", "resource_event");

    record Run(int exit, JsonNode report, String errors) {
    }

    private static Run bench(List<String> args, BenchCommand.Hook hook) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchCommand.execute(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), hook);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text.isBlank() ? null : JSON.readTree(text), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code command}, the tiny sizes, then {@code more}. */
    private static List<String> args(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(TINY);
        args.addAll(List.of(more));
        return args;
    }

    /** Captures every table (but the event log), row by row in a fixed order, once the last hour is settled. */
    static final class Snapshot implements BenchCommand.Hook {
        private final Instant lastHour;
        final List<String> rows = new ArrayList<>();

        Snapshot(Instant lastHour) {
            this.lastHour = lastHour;
        }

        @Override
        public void beforeChecks(JdbcTemplate jdbc, Instant hour) {
            if (!hour.equals(lastHour)) {
                return;
            }
            for (String table : jdbc.queryForList("select table_name from information_schema.tables where "
                    + "table_schema = 'public' and table_type = 'BASE TABLE' order by table_name", String.class)) {
                if (NOT_COMPARED.contains(table)) {
                    continue;
                }
                jdbc.query("select t::text from " + table + " t order by t::text", rs -> {
                    rows.add(table + " " + rs.getString(1));
                });
            }
        }
    }

    @Test
    void bulkSeedingWritesWhatTheServicesWriteAndTheChecksPass() {
        Instant lastHour = BenchCommand.START;
        Snapshot bulk = new Snapshot(lastHour);
        Run all = bench(args("all", "--count", "200", "--threads", "4", "--warmup", "20"), bulk);
        assertThat(all.exit()).as(all.errors()).isZero();
        assertThat(all.report().path("ok").asBoolean()).isTrue();
        JsonNode hours = all.report().path("settlement").path("hours");
        assertThat(hours.size()).isEqualTo(2);
        for (JsonNode hour : hours) {
            assertThat(hour.path("resourceHours").asLong()).isEqualTo(200);
            assertThat(hour.path("feeLines").asLong()).isEqualTo(240); // every fifth resource is a notebook with a disk
            assertThat(hour.path("journalEntries").asLong()).isPositive();
        }
        assertThat(all.report().path("topUps").path("journalEntries").asLong()).isEqualTo(200);
        assertThat(all.report().path("checks").size()).isGreaterThan(20);

        Snapshot services = new Snapshot(lastHour);
        Run viaServices = bench(args("settlement", "--seed", "services"), services);
        assertThat(viaServices.exit()).as(viaServices.errors()).isZero();

        assertThat(bulk.rows).anyMatch(r -> r.startsWith("settlement_fee_record "));
        assertThat(bulk.rows).anyMatch(r -> r.startsWith("lifecycle_resource "));
        assertThat(bulk.rows).isEqualTo(services.rows);
    }

    @Test
    void theChecksFailWhenAFeeRecordIsMissingOrDoubled() {
        Instant first = BenchCommand.START.minusSeconds(3600);
        Run run = bench(args("settlement"), new BenchCommand.Hook() {
            @Override
            public void beforeChecks(JdbcTemplate jdbc, Instant hour) {
                if (hour.equals(first)) {
                    jdbc.update("delete from settlement_fee_record where hour_start = ? and resource_id = ("
                            + "select min(resource_id) from settlement_fee_record where hour_start = ?)",
                            Timestamp.from(hour), Timestamp.from(hour));
                } else {
                    jdbc.update("insert into settlement_fee_record (customer_id, resource_id, resource_type, meter, "
                            + "spec_code, region, billing_mode, hour_start, line_no, period_start, period_end, "
                            + "usage_seconds, quantity, usage_quantity, unit, unit_price, price_id, price_version, "
                            + "currency, list_amount, discount_amount, amount, charged_amount, truncated_amount, "
                            + "cash_amount, arrears_amount, enterprise_project, tags, entry_id, settled_at) "
                            + "select customer_id, resource_id, resource_type, meter, spec_code, region, billing_mode, "
                            + "hour_start, line_no + 10, period_start, period_end, usage_seconds, quantity, "
                            + "usage_quantity, unit, unit_price, price_id, price_version, currency, list_amount, "
                            + "discount_amount, amount, 0, amount, 0, 0, enterprise_project, tags, null, settled_at "
                            + "from settlement_fee_record where hour_start = ? order by id limit 1",
                            Timestamp.from(hour));
                }
            }
        });
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errors()).contains(first + ": resources without a fee record (expected 0, found 1)");
        assertThat(run.errors()).contains(BenchCommand.START + ": resources with more fee records than segments "
                + "(expected 0, found 1)");
        assertThat(run.errors()).contains(BenchCommand.START + ": resources with two fee records for one meter");
        assertThat(run.report().path("ok").asBoolean()).isFalse();
    }
}
