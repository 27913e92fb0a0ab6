package io.tollgate.it;

import static io.tollgate.it.Fixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No item stops billing for the others: a job's failing item rolls back alone, is quarantined with
 * its error and retried with back-off, while everything else goes on; and the triggers that used to
 * stop every job are handled by their own rules.
 */
class JobIsolationIT extends IntegrationTest {

    private String customerOfLevel(String level) {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12);
        fx.expect(api.post("/api/v1/customers", OPERATOR_KEY, Map.of("id", id, "currency", "CNY", "level", level)), 201);
        return id;
    }

    private void policy(String level, int grace, int retention) {
        fx.expect(api.send(api.builder("/api/v1/lifecycle/policies/" + level, OPERATOR_KEY)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"graceDays\":" + grace + ",\"retentionDays\":"
                        + retention + "}")).build()), 200);
    }

    @Test
    void aFreezeDueInsideASettledHourTakesEffectAtTheFirstOpenHour() {
        // A level with no grace days: arrears from hour 08 (settled at 09:05) are due to freeze at 08:00, an hour
        // already settled. The freeze takes effect at 09:00, the first open hour; nothing stops.
        String level = "zero-" + UUID.randomUUID().toString().substring(0, 6);
        policy(level, 0, 3);
        Fixture.CustomerKeys c = new Fixture.CustomerKeys(customerOfLevel(level), null, null);
        Fixture.CustomerKeys other = fx.customer();
        fx.expect(fx.topUp(other, "100.00"), 201);
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        String o = fx.create(other, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "12:10"));
        List<Map<String, Object>> lines = jdbc.queryForList("select hour_start, charged_amount from "
                + "settlement_fee_record where resource_id = ? order by hour_start", r);
        // hour 08 only: 1.00 owed; frozen from 09:00, so hours 09-11 are not billed
        assertThat(lines).hasSize(1);
        assertThat(jdbc.queryForObject("select state from lifecycle_resource where resource_id = ?", String.class, r))
                .isEqualTo("FROZEN");
        String frozenAt = jdbc.queryForObject("select payload ->> 'at' from notify_outbox where subject_id = ? "
                + "and topic = 'lifecycle.frozen'", String.class, r);
        assertThat(Instant.parse(frozenAt)).isEqualTo(at(day, "09:00"));
        // the other customer's resource settled every hour: 08, 09, 10, 11
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class, o))
                .isEqualTo(4L);
        fx.expect(fx.event("DELETED", o, other, clock.instant(), Map.of()), 201);
    }

    @Test
    void aFreezeThatFallsDueInTheLastPassOfAnAdvanceIsCarriedOutByThatAdvance() {
        // No grace days: the arrears of hour 08 are found when the hour is settled at 09:05, the last pass of an
        // advance that ends at 09:05; the freeze is due at once and must not wait for the next advance
        // (found by the simulator, seed 214: a GRACE row past its deadline after the clock had moved).
        String level = "zero-" + UUID.randomUUID().toString().substring(0, 6);
        policy(level, 0, 3);
        Fixture.CustomerKeys c = new Fixture.CustomerKeys(customerOfLevel(level), null, null);
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String r = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        fx.advanceTo(at(day, "09:05"));
        assertThat(jdbc.queryForObject("select state from lifecycle_resource where resource_id = ?", String.class, r))
                .isEqualTo("FROZEN");
        assertThat(jdbc.queryForObject("select count(*) from lifecycle_resource where next_transition_at <= ? "
                + "and not deleted", Long.class, java.sql.Timestamp.from(clock.instant()))).isZero();
    }

    @Test
    void aFailingResourceIsQuarantinedWithItsErrorWhileTheOthersSettleAndItIsRetriedOnceRepaired() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String spec = fx.computeSpec("1.00");
        Instant day = fx.nextDay();
        fx.advanceTo(at(day, "08:00"));
        String bad = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        String good = fx.create(c, "it.compute", spec, 1, at(day, "08:00"));
        // Break one resource's data: its segment names a spec without a price, so rating it fails.
        jdbc.update("update resource_segment set spec_code = 'it.no-such-spec' where resource_id = ?", bad);
        fx.advanceTo(at(day, "10:10"));
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class,
                good)).isEqualTo(2L);
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class,
                bad)).isZero();
        Api.Response listed = api.get("/api/v1/operations/quarantine", OPERATOR_KEY);
        fx.expect(listed, 200);
        JsonNode item = null;
        for (JsonNode i : listed.json().path("items")) {
            if (i.path("item").asString().equals(bad)) {
                item = i;
            }
        }
        assertThat(item).as(listed.body()).isNotNull();
        assertThat(item.path("job").asString()).isEqualTo("settlement");
        assertThat(item.path("error").asString()).contains("no PAY_PER_USE price");
        assertThat(item.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
        // customers cannot see it
        assertThat(api.get("/api/v1/operations/quarantine", c.financeKey()).status()).isEqualTo(403);

        // Repaired, and retried at the next run: its hours settle, the quarantine forgets it.
        jdbc.update("update resource_segment set spec_code = ? where resource_id = ?", spec, bad);
        fx.expect(api.post("/api/v1/operations/quarantine/settlement/" + bad + "/retry", OPERATOR_KEY, Map.of()), 200);
        fx.advanceTo(at(day, "11:10"));
        assertThat(jdbc.queryForObject("select count(*) from settlement_fee_record where resource_id = ?", Long.class,
                bad)).isEqualTo(3L);
        assertThat(jdbc.queryForObject("select count(*) from clock_quarantine where item = ?", Long.class, bad)).isZero();
        // 3 hours of each: 100.00 - 6.00
        assertThat(fx.balance(c).path("cash").asString()).isEqualTo("94.00");
        fx.expect(fx.event("DELETED", bad, c, clock.instant(), Map.of()), 201);
        fx.expect(fx.event("DELETED", good, c, clock.instant(), Map.of()), 201);
    }

    @Test
    void theBackOffDoublesFromAMinuteToAtMostSixHours() {
        assertThat(io.tollgate.clock.QuarantineBackOff.of(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(io.tollgate.clock.QuarantineBackOff.of(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(io.tollgate.clock.QuarantineBackOff.of(5)).isEqualTo(Duration.ofMinutes(16));
        assertThat(io.tollgate.clock.QuarantineBackOff.of(30)).isEqualTo(Duration.ofHours(6));
    }
}
